"""What each vnd.tokki: command does (called by tokki_component.ProtocolHandler).

run() returns (ok, message). Commands given parameters are automation: they
show nothing, and report errors in the return value and the log. Commands
without parameters come from the toolbar or the menu: they open dialogs and
show errors in a message box, in the UI language. A failing command never
leaves a half-changed document: all checks and the assembly happen before
the document is touched, and the change itself is one undo step.
"""
import time

from . import core, document, i18n, log, store, urls
from .i18n import tr


class Problem(Exception):
    """A user-facing failure: an i18n key and its values."""

    def __init__(self, key, **values):
        Exception.__init__(self, key)
        self.key, self.values = key, values

    def text(self, lang):
        return tr(self.key, lang, **self.values)


class Run:
    """One command being run: context, frame, language, parsed command, timings."""

    def __init__(self, ctx, frame, lang, command):
        self.ctx, self.frame, self.lang, self.command = ctx, frame, lang, command
        self.params = command.params
        self.automated = command.automated
        self.timings = []
        self.t0 = time.perf_counter()

    def from_ok(self, result):
        """Measure from the moment OK was pressed in the dialog (the latency that
        bench/extension_latency.py reports), forgetting the time spent answering."""
        self.t0 = result.ok_time or time.perf_counter()
        self.timings = [("check", time.perf_counter())] if result.ok_time else []

    def mark(self, what):
        self.timings.append((what, time.perf_counter()))

    def timing_text(self):
        """'assemble=3ms write-odt=2ms insert=40ms … total=52ms' (total: since t0,
        which is the moment OK was pressed when a dialog was involved)."""
        out, prev = [], self.t0
        for what, t in self.timings:
            out.append("%s=%.1fms" % (what, (t - prev) * 1000))
            prev = t
        out.append("total=%.1fms" % ((prev - self.t0) * 1000))
        return " ".join(out)

    def doc(self):
        doc = document.model_of(self.frame)
        if not document.is_writer(doc):
            raise Problem("err.not_writer")
        return doc

    def writable_doc(self):
        doc = self.doc()
        if not document.check_writable(doc):
            raise Problem("err.readonly")
        return doc

    def folder(self):
        from . import unoutil
        return unoutil.user_folder(self.ctx)

    def say(self, key, kind="info", **values):
        """Tell the person (interactive commands only)."""
        if not self.automated:
            from . import unoutil
            unoutil.message_box(self.ctx, self.frame, tr(key, self.lang, **values),
                                tr("app", self.lang), kind)


def run(ctx, frame, url, args=()):
    lang = _language(ctx)
    try:
        command = urls.parse(url)
    except urls.UrlError as exc:
        log.write("%s: rejected: %s" % (url, exc.en))
        if "?" not in url:       # from a menu or toolbar someone edited: tell them
            _box(ctx, frame, exc.ja if lang == i18n.JA else exc.en, lang)
        return False, exc.en
    r = Run(ctx, frame, lang, command)
    try:
        message = HANDLERS[command.name](r) or ""
        ok = True
    except Problem as p:
        ok, message = False, p.text(i18n.EN)
        log.write("%s: %s / %s" % (url, p.text(i18n.JA), message))
        if not r.automated:
            _box(ctx, frame, p.text(lang), lang)
        return ok, message
    except Exception as exc:
        log.exception(url)
        detail = "%s: %s" % (type(exc).__name__, exc)
        if not r.automated:
            _box(ctx, frame, tr("err.internal", lang, detail=detail, log=log.path() or "-"),
                 lang)
        return False, detail
    r.mark("end")
    log.write("%s: ok %s %s" % (url, message, r.timing_text()))
    return ok, message


def _language(ctx):
    try:
        from . import unoutil
        return unoutil.ui_language(ctx)
    except Exception:
        return i18n.EN


def _box(ctx, frame, text, lang):
    try:
        from . import unoutil
        unoutil.message_box(ctx, frame, text, tr("app", lang), "error")
    except Exception:
        log.exception("message box")


# -- templates and answers ---------------------------------------------------------------

def default_template_name(r, answers=None):
    names = [name for name, _ in core.bundled_templates()]
    if not names:
        raise Problem("err.no_templates")
    wanted = r.params.get("template") or (answers or {}).get("$template")
    if wanted:
        if wanted not in names:
            raise Problem("err.no_template", name=wanted)
        return wanted
    return "tokki-r5" if "tokki-r5" in names else names[0]


def load_bundled(name):
    path = core.find_template(name)
    if path is None:
        raise Problem("err.no_template", name=name)
    return _load(path)


def _load(path):
    try:
        return core.load_template(path)
    except Exception as exc:
        if core.is_template_error(exc):
            raise Problem("err.template", detail=str(exc)) from None
        raise


def read_answers(path):
    try:
        answers = core.read_answers_file(path)
    except Exception as exc:
        if core.is_template_error(exc):
            raise Problem("err.answers_file", detail=str(exc)) from None
        raise
    if not isinstance(answers, dict):
        raise Problem("err.answers_file", detail="%s: not a JSON object" % path)
    return answers


def _assemble(r, template, answers, start, editable):
    try:
        result = core.assemble(template, answers, start, editable)
    except Exception as exc:
        if core.is_template_error(exc):
            raise Problem("err.answers", detail=str(exc)) from None
        raise
    r.mark("assemble")
    return result


def _article_range(assembled):
    import re
    numbers = [core.parse_number(m.group(1)) for m in (re.match(r"第([0-9０-９〇一二三四五六七八九十百千]+)条", p)
                                                        for p in assembled.paragraphs()) if m]
    return (numbers[0], numbers[-1]) if numbers else (assembled.start, assembled.start)


# -- applying an assembly to the document ----------------------------------------------------

def source_of(r, doc, workdir):
    """(kind, template, prefill answers, start) for re-assembling in place."""
    kind = document.classify(doc)
    if kind == document.TEMPLATE:
        template = _read_open_template(doc, workdir)
        r.mark("read-template")
        return kind, template, {}, 1
    if kind == document.EDITABLE:
        name, answers, start = document.recorded(doc)
        path = document.find_template_for(doc, name)
        if path is None:
            raise Problem("err.no_template", name=name)
        template = _load(path)
        r.mark("load-template")
        return kind, template, answers, start
    return kind, None, None, None


def _read_open_template(doc, workdir):
    try:
        return document.read_template(doc, workdir)
    except Exception as exc:
        if core.is_template_error(exc):
            raise Problem("err.template", detail=str(exc)) from None
        raise


def assemble_in_place(r, doc, template, answers, start, workdir):
    """Replace the whole document by the assembly (editable: it can be redone)."""
    assembled = _assemble(r, template, answers, start, editable=True)
    sentinel = document.new_sentinel_name()
    path = assembled.write_odt(workdir, sentinel)
    r.mark("write-odt")
    with document.undo_step(doc):
        document.replace_body(doc, path, sentinel)
    r.mark("insert")
    document.set_tokki_properties(doc, core.properties_for(assembled))
    document.set_title(doc, assembled.title())
    r.mark("properties")
    _remember(r, template.name, assembled.answers)
    return assembled


def insert_here(r, doc, template, answers, start, workdir, omit=None):
    """Insert the (final) provisions at the cursor of an ordinary document. Continuing
    the contract's numbering (start > 1), they are merged, not pasted: the articles the
    contract already has (管轄裁判所, 準拠法, …; omit, default: all it has) are left
    out before numbering, 甲/乙 are not defined again, numerals follow the contract.
    The block is recorded (bookmark + property) so that 作成・更新 can redo it."""
    blocks = document.find_blocks(doc)
    if blocks:
        raise Problem("err.already_inserted", title=_block_title(doc, blocks[0]))
    contract = document.paragraph_texts(doc)
    assembled, omit = _assemble_block(r, template, answers, start, contract, omit)
    title = assembled.paragraphs()[0] if assembled.paragraphs() else ""
    if title and title in contract:
        # a second set in one document, not recorded as a block: refused (E5)
        raise Problem("err.already_inserted_unrecorded", title=title)
    sentinel = document.new_sentinel_name()
    path = assembled.write_odt(workdir, sentinel)
    r.mark("write-odt")
    ident = document.new_block_id()
    try:
        with document.undo_step(doc):
            before = set(doc.getBookmarks().getElementNames())
            index = document.insert_at_cursor(doc, path, sentinel, keep_empty=True)
            document.remove_new_tokki_bookmarks(doc, before)     # d-3
            _finish_block(doc, index, assembled, ident)
    except document.NotInBody:
        raise Problem("err.cursor_body") from None
    r.mark("insert")
    _record(doc, ident, template, answers, start, omit, _first(assembled))
    r.mark("properties")
    _remember(r, template.name, assembled.answers)
    return assembled


def _assemble_block(r, template, answers, start, contract, omit):
    """-> (Assembled, omitted article ids) of a block for this contract."""
    if start > 1:
        if omit is None:
            omit = [a for a, _c, present in core.contract_articles(template, contract)
                    if present]
        try:
            assembled = core.assemble_into_contract(template, answers, start, contract, omit)
        except Exception as exc:
            if core.is_template_error(exc):
                raise Problem("err.answers", detail=str(exc)) from None
            raise
        r.mark("assemble")
        return assembled, list(omit)
    return _assemble(r, template, answers, start, editable=False), []


def _finish_block(doc, index, assembled, ident):
    """Inside the undo step, after the insertion: the block's bookmark, and when it
    continues the contract's numbering the contract's house style (its article body's
    paragraph style, spacing and font; an annex from 第1条 keeps the template's)."""
    if index is None:
        return
    paras = document.inserted_paragraphs(doc, index, assembled.paragraphs())
    if not paras:
        log.write("inserted provisions not found after paragraph %d: not recorded" % index)
        return
    if assembled.start > 1:
        reference, caption = document.style_reference(doc, index)
        document.apply_house_style(doc, paras, reference, caption)
    document.mark_block(doc, paras, ident)


def _record(doc, ident, template, answers, start, omit, title=""):
    answers = {k: v for k, v in (answers or {}).items() if not k.startswith("$")}
    document.record_block(doc, ident, core.record_text(
        template.name, answers, start, omit, start > 1, document.next_seq(doc), title))


def _first(assembled):
    paras = assembled.paragraphs()
    return paras[0] if paras else ""


def _block_title(doc, block):
    paras = document.block_paragraphs(doc, block)
    return paras[0].getString() if paras else document.UNDO_TITLE


def _block_start(doc, block):
    """The first article number of the block: after the contract's last 第N条 before
    it when it continues the contract, else what was recorded."""
    if block.record["merged"]:
        last = core.last_article_number(document.text_before(doc, block.anchor()))
        if last:
            return last + 1
    return block.record["start"]


def update_block(r, doc, block, template, answers, omit, workdir):
    """Re-assemble an inserted block in place (one undo step): the contract's numbering
    continued, the omitted articles left out, the contract's house style."""
    start = _block_start(doc, block)
    contract = document.texts_outside(doc, block)
    assembled, omit = _assemble_block(r, template, answers, start, contract,
                                      omit if start > 1 else [])
    sentinel = document.new_sentinel_name()
    path = assembled.write_odt(workdir, sentinel)
    r.mark("write-odt")
    ident = document.new_block_id()
    with document.undo_step(doc):
        document.clear_block(doc, block)
        before = set(doc.getBookmarks().getElementNames())
        index = document.insert_at_cursor(doc, path, sentinel)
        document.remove_new_tokki_bookmarks(doc, before)
        _finish_block(doc, index, assembled, ident)
    r.mark("insert")
    _record(doc, ident, template, answers, start, omit, _first(assembled))
    r.mark("properties")
    _remember(r, template.name, assembled.answers)
    return assembled


def _block_template(block):
    name = block.record["template"]
    return load_bundled(name)


def hand_edits(r, doc, block):
    """The articles of the inserted block changed by hand since tokki assembled it (what
    作成・更新 would replace with the answers' text): one line each, as the findings
    window says them. The contract's own changes outside the block (an article added
    before it) are not lost by an update and do not count. [] when there are none, or
    when it cannot be told (logged: the check must not stop an update it cannot judge)."""
    import unicodedata

    def norm(text):
        return "".join(unicodedata.normalize("NFC", text or "").split())
    try:
        inside = {norm(p.getString()) for p in document.block_paragraphs(doc, block)}
        inside.discard("")
        result, _paras = compare_document(r, doc)         # what 比較 shows
    except Exception:
        log.exception("looking for hand edits before an update")
        return []
    key = "message" if r.lang == "ja" else "message_en"
    rows = [row for row in result["comparison"]["articles"]
            if row["kind"] not in ("same", "renumbered")]
    findings = [f for f in result["findings"] if f["code"] != "compare-same"]
    if len(rows) != len(findings):       # one finding per differing article (diff.py)
        log.write("hand edits: %d differing articles, %d findings" % (len(rows), len(findings)))
        return []
    return [f[key] for row, f in zip(rows, findings) if _in_block(row["new"], inside, norm)]


def _in_block(new, inside, norm):
    """Whether a differing article is the block's: one deleted by hand has no new side;
    any other is where its 第N条 paragraph is (its text runs on to the next article, over
    the block's title when it is the contract's last)."""
    if new is None:
        return True
    label = norm(new.get("label"))
    heads = [t for t in new["paragraphs"] if label and norm(t).startswith(label)]
    return any(norm(t) in inside for t in (heads[:1] or new["paragraphs"]))


def _edits_text(r, edits):
    shown = edits[:3]
    more = len(edits) - len(shown)
    lines = "\n".join("・" + e for e in shown)
    if more:
        lines += "\n" + tr("edits.more", r.lang, n=more)
    return lines


def _update_dialog(r, doc, block, work, preset=None):
    """作成・更新 with the cursor in an inserted block: its answers in the dialog. Hand
    edits inside the block would be replaced: the clerk is asked first (No: nothing
    happens)."""
    from . import dialog
    edits = hand_edits(r, doc, block)
    r.mark("hand-edits")
    if edits:
        from . import unoutil
        if not unoutil.message_box(r.ctx, r.frame,
                                   tr("ask.hand_edits", r.lang, edits=_edits_text(r, edits)),
                                   tr("app", r.lang), "query", "yesno"):
            return "cancelled"
    template = _block_template(block)
    r.mark("load-template")
    answers = preset if preset is not None else block.record["answers"]
    start = _block_start(doc, block)
    contract = document.texts_outside(doc, block) if start > 1 else []
    articles = core.contract_articles(template, contract) if contract else []
    result = dialog.ask(r.ctx, r.frame, r.lang, dialog.UPDATE, template,
                        store.known_answers(template, answers), start,
                        last_article=start - 1, folder=_safe_folder(r),
                        contract_articles=articles, omitted=block.record["omit"])
    if result is None:
        return "cancelled"
    r.from_ok(result)
    omit = result.omit if result.omit is not None else block.record["omit"]
    assembled = update_block(r, doc, block, template, result.answers, omit, work)
    return _done(r, assembled)


def _update_automated(r, doc, block, work, answers):
    """vnd.tokki:assemble?answers=URL in a document with an inserted block: the file's
    answers over the recorded ones. Refused while the block has hand edits, unless
    &edits=discard says to replace them."""
    if r.params.get("edits") != "discard":
        edits = hand_edits(r, doc, block)
        r.mark("hand-edits")
        if edits:
            raise Problem("err.hand_edits", edits=_edits_text(r, edits))
    template = _block_template(block)
    r.mark("load-template")
    merged = dict(block.record["answers"])
    merged.update({k: v for k, v in answers.items() if not k.startswith("$")})
    assembled = update_block(r, doc, block, template, merged, block.record["omit"], work)
    return _done(r, assembled)


def _remember(r, name, answers):
    try:
        store.remember(r.folder(), name, answers)
    except Exception:
        log.exception("remembering answers")


def _done(r, assembled):
    first, last = _article_range(assembled)
    return "assembled articles %d-%d from %s" % (first, last, assembled.template_name)


# -- commands ---------------------------------------------------------------------------

def cmd_assemble(r, preset=None):
    """作成・更新: a template or an assembled document -> dialog -> assembled in place;
    any other document -> the 挿入 dialog."""
    doc = r.writable_doc()
    if r.automated:                       # vnd.tokki:assemble?answers=URL
        return _assemble_automated(r, doc)
    with document.workdir() as work:
        kind, template, prefill, start = source_of(r, doc, work)
        if kind == document.PLAIN:
            blocks = document.find_blocks(doc)
            inside = [b for b in blocks if document.cursor_in_block(doc, b)]
            if inside:
                return _update_dialog(r, doc, inside[0], work, preset)
            if blocks:
                raise Problem("err.already_inserted", title=_block_title(doc, blocks[0]))
            return _insert_dialog(r, doc, work, preset)
        from . import dialog
        mode = dialog.TEMPLATE if kind == document.TEMPLATE else dialog.EDITABLE
        answers = preset if preset is not None else prefill
        result = dialog.ask(r.ctx, r.frame, r.lang, mode, template,
                            store.known_answers(template, answers), start,
                            folder=_safe_folder(r))
        if result is None:
            return "cancelled"
        r.from_ok(result)
        assembled = assemble_in_place(r, doc, template, result.answers, result.start, work)
    return _done(r, assembled)


def _assemble_automated(r, doc):
    """assemble?answers=URL: an inserted block is re-assembled with them (the cursor
    anywhere; the one in the cursor's block when there are several); anything else
    as insert?answers=URL."""
    blocks = document.find_blocks(doc)
    if not blocks:
        return cmd_insert(r)
    inside = [b for b in blocks if document.cursor_in_block(doc, b)]
    answers = read_answers(r.params["answers"])
    r.mark("read-answers")
    with document.workdir() as work:
        return _update_automated(r, doc, (inside or blocks)[0], work, answers)


def _insert_dialog(r, doc, work, preset=None):
    from . import dialog
    if not document.cursor_in_body(doc):
        raise Problem("err.cursor_body")          # before the questions, not after (d-2)
    if document.cursor_mid_paragraph(doc):         # d-14: say it before, not after
        from . import unoutil
        if not unoutil.message_box(r.ctx, r.frame, tr("ask.mid_paragraph", r.lang),
                                   tr("app", r.lang), "query", "yesno"):
            return "cancelled"
    name = default_template_name(r, preset)
    last = core.last_article_number(document.text_before_cursor(doc))
    folder = _safe_folder(r)
    while True:
        template = load_bundled(name)
        if preset is not None:
            answers = store.known_answers(template, preset)
        else:
            answers = store.recall(folder, name) if folder else {}
            answers = store.known_answers(template, answers)
        contract = core.contract_articles(template, document.paragraph_texts(doc)) \
            if last else []
        result = dialog.ask(r.ctx, r.frame, r.lang, dialog.INSERT, template, answers, 1,
                            templates=core.template_titles(),
                            last_article=last, folder=folder, contract_articles=contract)
        if result is None:
            return "cancelled"
        if result.switch_to:
            name, preset = result.switch_to, None
            continue
        r.from_ok(result)
        assembled = insert_here(r, doc, template, result.answers, result.start, work,
                                result.omit)
        return _done(r, assembled)


def _safe_folder(r):
    try:
        return r.folder()
    except Exception:
        return None


def cmd_insert(r):
    """挿入 (dialog), or automation: insert?answers=URL[&start=N][&template=NAME]."""
    if not r.automated:
        return cmd_assemble(r)
    doc = r.writable_doc()
    answers = read_answers(r.params["answers"])
    r.mark("read-answers")
    with document.workdir() as work:
        kind, template, _prefill, start = source_of(r, doc, work)
        start = r.params.get("start", start)
        if start == "continue":
            start = core.last_article_number(document.text_before_cursor(doc)) + 1
        if kind == document.PLAIN:
            template = load_bundled(default_template_name(r, answers))
            r.mark("load-template")
            assembled = insert_here(r, doc, template, answers, start or 1, work)
        else:
            assembled = assemble_in_place(r, doc, template, answers, start, work)
    return _done(r, assembled)


def cmd_validate(r):
    doc = r.doc()
    if not core.validation_available():
        raise Problem("err.no_validate")
    paras = document.paragraphs(doc)
    r.mark("read")
    report = _validate_copy(doc)
    r.mark("validate")
    unfinalised = bool(document.tokki_properties(doc)) or document.is_template(doc)
    if r.automated:
        data = report.to_dict(file=doc.getURL() or None)
        data["tokki_markup"] = unfinalised
        import json
        try:
            core.write_text_atomic(r.params["report"],
                                   json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        except OSError as exc:
            raise Problem("err.write", detail=str(exc)) from None
        return "%d errors, %d warnings" % (len(report.errors), len(report.warnings))
    from . import results
    results.show_validation(r.ctx, r.frame, r.lang, doc, report, paras, unfinalised,
                            revalidate=lambda: _revalidate(doc))
    return "%d errors, %d warnings (shown)" % (len(report.errors), len(report.warnings))


def _validate_copy(doc):
    """`tokki validate` on what saving the document now would write: a copy stored in
    a private folder and read back by the engine, exactly as the command line reads
    the saved file (template link, author, comments, tracked changes and all)."""
    with document.workdir() as work:
        path = document.store_copy(doc, work)
        try:
            return core.validate_file(path)
        except Exception as exc:
            if core.is_template_error(exc):
                raise Problem("err.validate", detail=str(exc)) from None
            raise


def _revalidate(doc):
    paras = document.paragraphs(doc)
    return _validate_copy(doc), paras


def cmd_finalize(r):
    doc = r.writable_doc()
    if not r.automated:                  # automation: vnd.tokki:finalize?ask=no
        from . import unoutil
        if not unoutil.message_box(r.ctx, r.frame, tr("finalize.ask", r.lang),
                                   tr("title.finalize", r.lang), "query", "yesno"):
            return "cancelled"
    done = []
    with document.workdir() as work:
        kind = document.classify(doc)
        if kind == document.TEMPLATE:
            template = _read_open_template(doc, work)
            assembled = _assemble(r, template, {}, 1, editable=False)
            sentinel = document.new_sentinel_name()
            path = assembled.write_odt(work, sentinel)
            with document.undo_step(doc):
                document.replace_body(doc, path, sentinel)
            document.set_title(doc, assembled.title())
            done.append(tr("finalize.what.assembled", r.lang))
        else:
            with document.undo_step(doc):
                counts = document.strip_markup(doc)
            for what in ("controls", "sections", "bookmarks"):
                if counts[what]:
                    done.append(tr("finalize.what." + what, r.lang, n=counts[what]))
    removed = document.remove_tokki_properties(doc)
    if removed:
        done.append(tr("finalize.what.properties", r.lang, n=removed))
    done += _remove_personal_data(r, doc)
    if not done:
        r.say("finalize.nothing")
        return "nothing to finalise"
    r.say("finalize.done", what="\n".join(done))
    return "finalised: " + "; ".join(d.lstrip("・• ") for d in done)


def _remove_personal_data(r, doc):
    """確定 offers what `tokki scrub` removes (the engine's one list, core.scrub_labels),
    as far as Writer can remove it over UNO. Automation (ask=no) removes it."""
    labels = core.scrub_labels()
    kinds = [k for k in labels if k in document.SCRUB_IN_WRITER]
    if not r.automated:
        from . import unoutil
        what = "、".join(labels[k] for k in kinds)
        if not unoutil.message_box(r.ctx, r.frame, tr("finalize.personal", r.lang, what=what),
                                   tr("title.finalize", r.lang), "query", "yesno"):
            return []
    counts = document.remove_personal_data(doc, kinds)
    return [tr("finalize.what.personal", r.lang, label=labels[k] if r.lang == i18n.JA else k,
               n=n) for k, n in counts.items() if n]


def current_answers(r, doc, work):
    """(template name, answers) of the document, for 回答の保存."""
    kind = document.classify(doc)
    if kind == document.EDITABLE:
        name, answers, _start = document.recorded(doc)
        return name, answers
    if kind == document.TEMPLATE:
        template = _read_open_template(doc, work)
        from . import form
        return template.name, form.answers_of(template, form.values_for(template, {}))
    blocks = document.find_blocks(doc)
    if blocks:                            # the inserted provisions' own answers
        inside = [b for b in blocks if document.cursor_in_block(doc, b)]
        record = (inside or blocks)[0].record
        return record["template"], record["answers"]
    name = default_template_name(r)
    answers = store.recall(r.folder(), name)
    if not answers:
        raise Problem("answers.none")
    return name, answers


def cmd_saveanswers(r):
    doc = r.doc()
    with document.workdir() as work:
        name, answers = current_answers(r, doc, work)
    path = r.params.get("file")
    if path is None:
        from . import dialog, unoutil
        path = unoutil.pick_file(r.ctx, r.lang, True, i18n.strip_mnemonic(
            tr("button.save", r.lang)), default_name=dialog.answers_file_name(name),
            folder=dialog.documents_folder())
        if not path:
            return "cancelled"
    try:
        core.write_text_atomic(path, core.answers_json(answers, name))
    except OSError as exc:
        raise Problem("err.write", detail=str(exc)) from None
    r.say("answers.saved", path=path)
    return "saved %s" % path


def cmd_loadanswers(r):
    path = r.params.get("file")
    if path is None:
        from . import dialog, unoutil
        path = unoutil.pick_file(r.ctx, r.lang, False,
                                 i18n.strip_mnemonic(tr("button.load", r.lang)),
                                 folder=dialog.documents_folder())
        if not path:
            return "cancelled"
        return cmd_assemble(r, preset=read_answers(path))
    r.params = dict(r.params, answers=path)
    del r.params["file"]
    return _assemble_automated(r, r.writable_doc())


HANDLERS = {
    "assemble": cmd_assemble,
    "insert": cmd_insert,
    "validate": cmd_validate,
    "finalize": cmd_finalize,
    "saveanswers": cmd_saveanswers,
    "loadanswers": cmd_loadanswers,
}


# -- 比較 (issue 14): this document against its recorded answers, or against a file ----------

def _compare_names(doc):
    stem = document.file_stem(doc) or "この文書"
    return stem + ".odt"


def compare_document(r, doc, other=None):
    """-> (result dict of api.compare_*, paragraphs read). other None: against what the
    recorded answers assemble to (Problem when the document has none)."""
    if other is None and not document.has_record(doc):
        raise Problem("err.compare_recorded")
    paras = document.paragraphs(doc)
    load = core.template_loader([document.template_url_path(doc)])
    with document.workdir() as work:
        path = document.store_copy(doc, work, _compare_names(doc))
        r.mark("store")
        try:
            if other is None:
                result = core.compare_with_recorded(path, load)
            else:
                result = core.compare_files(_as_odt(r, other, work), path, load)
        except Exception as exc:
            if core.is_template_error(exc):
                raise Problem("err.compare", detail=str(exc)) from None
            raise
    r.mark("compare")
    return result, paras


def _as_odt(r, path, work):
    """A chosen .docx (or any file Writer opens) as an .odt in work, converted by this
    LibreOffice (hidden, read-only); .odt/.ott/.fodt as they are."""
    import os
    if path.lower().endswith((".odt", ".ott", ".fodt")) or not os.path.isfile(path):
        return path
    from .unoutil import create, file_url, props
    desktop = create(r.ctx, "com.sun.star.frame.Desktop")
    try:
        other = desktop.loadComponentFromURL(file_url(path), "_blank", 0,
                                             props(Hidden=True, ReadOnly=True))
    except Exception as exc:
        raise Problem("err.compare", detail="%s: %s" % (path, exc)) from None
    if other is None:
        raise Problem("err.compare", detail="%s: LibreOffice cannot open it" % path)
    try:
        target = os.path.join(work, os.path.splitext(os.path.basename(path))[0] + ".odt")
        if os.path.exists(target):
            target = os.path.join(work, "other-" + os.path.basename(target))
        other.storeToURL(file_url(target), props(FilterName="writer8", Overwrite=True))
    finally:
        other.close(True)
    return target


def compare_counts(result):
    s = result["summary"]
    changed = sum(1 for f in result["findings"] if f["code"] == "compare-changed")
    added, deleted = s.get("added", 0), s.get("deleted", 0)
    n = len(result["findings"])
    return dict(n=n, changed=changed, added=added, deleted=deleted,
                other=n - changed - added - deleted)


def compare_summary(r, result, doc, other):
    if other is None:
        whole = document.recorded(doc)
        name = whole[0] if whole else next(
            (b.record["template"] for b in document.find_blocks(doc)), "?")
        head = tr("compare.with_recorded", r.lang, name=name)
    else:
        import os
        head = tr("compare.with_file", r.lang, file=os.path.basename(other))
    if not result["findings"]:
        return head + "\n" + tr("compare.same", r.lang)
    return head + "\n" + tr("compare.summary", r.lang, **compare_counts(result))


def compare_text(result, title):
    """The report= text: a title, the summary and one line per differing article."""
    lines = [title, ""]
    for f in result["findings"]:
        lines.append("%s\t%s" % (f["code"], f["message"]))
        if f.get("excerpt"):
            lines.append("\t" + f["excerpt"])
    if not result["findings"]:
        lines.append("文言の違いはありません。")
    return "\n".join(lines) + "\n"


def compare_content(r, doc, result, paras, other):
    from . import results
    rows = []
    for f in result["findings"]:
        index = f.get("index")
        anchor = paras[index][0] if index is not None and 0 <= index < len(paras) else None
        rows.append(results.Row(f["severity"], f["message"], f["message_en"],
                                f.get("excerpt", ""), index, anchor))
    return results.Content(compare_summary(r, result, doc, other), rows, paras)


def _pick_compare_file(r, doc):
    from . import dialog, unoutil
    return unoutil.pick_document(
        r.ctx, tr("compare.pick", r.lang),
        [(tr("compare.filter", r.lang), "*.odt;*.docx;*.fodt;*.ott")],
        folder=document.folder_of(doc) or dialog.documents_folder())


def show_compare(r, doc, other):
    from . import results
    result, paras = compare_document(r, doc, other)

    def again():
        res2, paras2 = compare_document(r, doc, other)
        return compare_content(r, doc, res2, paras2, other)

    def with_file():
        try:
            path = _pick_compare_file(r, doc)
            if path:
                show_compare(r, doc, path)
        except Problem as p:
            _box(r.ctx, r.frame, p.text(r.lang), r.lang)
        except Exception as exc:
            log.exception("compare with a file")
            _box(r.ctx, r.frame, tr("err.internal", r.lang, detail=str(exc),
                                    log=log.path() or "-"), r.lang)

    results.show(r.ctx, r.frame, r.lang, doc, results.COMPARE, tr("title.compare", r.lang),
                 compare_content(r, doc, result, paras, other), again,
                 (tr("button.compare_file", r.lang), with_file))
    return result


def cmd_compare(r):
    """比較: no parameters -> against the recorded answers (a document without them: a
    message, then a file to choose), results in the findings window; automation:
    compare?recorded=yes|with=URL[&report=URL] (.json: the data, else text)."""
    doc = r.doc()
    if not r.automated:
        other = None
        if not document.has_record(doc):
            r.say("compare.no_recorded")
            other = _pick_compare_file(r, doc)
            if not other:
                return "cancelled"
        result = show_compare(r, doc, other)
        return "%d differences (shown)" % len(result["findings"])
    other = r.params.get("with")
    result, _paras = compare_document(r, doc, other)
    out = r.params.get("report")
    if out:
        import json
        title = compare_summary(r, result, doc, other)
        text = (json.dumps(result, ensure_ascii=False, indent=2) + "\n"
                if out.lower().endswith(".json") else compare_text(result, title))
        try:
            core.write_text_atomic(out, text)
        except OSError as exc:
            raise Problem("err.write", detail=str(exc)) from None
    if not result["findings"]:
        return "no differences in wording"
    return "%d articles differ: %s" % (len(result["findings"]), "; ".join(
        f["message_en"] for f in result["findings"]))


# -- ひな形に変換 (issue 15): the open ひな型 -> a tokki template ---------------------------

def import_default_name(r, doc):
    stem = document.file_stem(doc) or ("ひな形" if r.lang == i18n.JA else "hinagata")
    return tr("import.default_name", r.lang, stem=stem)


def import_rows(data, texts):
    """One row per item left for a person; index: the paragraph of its article."""
    import re
    import unicodedata
    from . import results

    def norm(t):
        return unicodedata.normalize("NFKC", t).replace(" ", "").replace("\u3000", "")
    heads = [norm(t)[:12] for t in texts]
    rows = []
    for item in data.get("review", []):
        where = item.get("where") or ""
        m = re.match(r"(第[0-9０-９〇一二三四五六七八九十百]+(?:条(?:の[0-9０-９]+)?)?)", where)
        index = None
        if m:
            label = norm(m.group(1))
            index = next((i for i, h in enumerate(heads) if h.startswith(label)
                          and (label.endswith("条") or not h[len(label):][:1].isdigit())),
                         None)
        message = "%s：%s" % (where, item.get("message", "")) if where else item["message"]
        rows.append(results.Row("warning", message, message, item.get("excerpt", ""), index))
    return rows


def cmd_import(r):
    """ひな形に変換: the open document through `tokki import`'s engine -> a .fodt template
    (asked where, or automation import?out=URL); the report in the findings window."""
    import os
    doc = r.doc()
    if document.is_template(doc):
        raise Problem("err.import_template")
    paras = document.paragraphs(doc)
    texts = document.labelled_texts(paras)
    r.mark("read")
    out = r.params.get("out")
    if out is None:
        from . import dialog, unoutil
        out = unoutil.pick_document(
            r.ctx, tr("import.pick", r.lang), [(tr("import.filter", r.lang), "*.fodt")],
            save=True, default_name=import_default_name(r, doc),
            folder=document.folder_of(doc) or dialog.documents_folder(), extension=".fodt")
        if not out:
            return "cancelled"
    name = os.path.splitext(os.path.basename(out))[0]
    source = os.path.basename(document._doc_path(doc)) or None
    try:
        data, text = core.import_template(texts, out, name, source=source)
    except Exception as exc:
        if core.is_template_error(exc):
            raise Problem("err.import", detail=str(exc)) from None
        raise
    r.mark("import")
    left = len(data.get("review", []))
    message = "wrote %s: %d articles, %d left for a person" % (
        out, data.get("recognised", {}).get("articles", 0), left)
    if r.automated:
        return message
    from . import results, unoutil
    head = tr("import.report_head", r.lang, path=out)
    if not left:
        head += "\n" + tr("import.nothing_left", r.lang)

    def open_it():
        try:
            unoutil.open_document(r.ctx, out)
        except Exception:
            log.exception("opening the imported template")

    results.show(r.ctx, r.frame, r.lang, doc, results.IMPORT, tr("title.import", r.lang),
                 results.Content(head, import_rows(data, texts), paras, detail=text), None,
                 (tr("button.open_template", r.lang), open_it))
    return message


HANDLERS["compare"] = cmd_compare
HANDLERS["import"] = cmd_import
