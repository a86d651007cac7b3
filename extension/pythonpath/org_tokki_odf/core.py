"""The one engine, seen from the extension (pure Python, no UNO).

In the .oxt the engine is the packaged copy `org_tokki_odf.tokki_odf` (see
__init__.py for why); in the source tree, where build.py has not copied it,
it is the development `tokki_odf` from src/. Nothing else in the extension
names the engine: everything goes through the functions here, and they reach
the engine only through its facade, `tokki_odf.api` (tests/test_layout.py).
"""
import importlib
import json
import os
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGED = os.path.isdir(os.path.join(HERE, "tokki_odf"))
ENGINE = (__package__ + ".tokki_odf") if PACKAGED else "tokki_odf"

# The extension's root: the unpacked .oxt (pythonpath/org_tokki_odf/../..).
EXTENSION_ROOT = os.path.dirname(os.path.dirname(HERE))
# Bundled templates: templates/<category>/*.ott in the .oxt; the repository's
# templates/*.fodt in the source tree.
TEMPLATE_DIRS = [os.path.join(EXTENSION_ROOT, "templates", "tokki")]
if not PACKAGED:
    TEMPLATE_DIRS.append(os.path.join(os.path.dirname(EXTENSION_ROOT), "templates"))
TEMPLATE_EXTENSIONS = (".ott", ".odt", ".fodt")


def engine(module="api"):
    """The engine's facade, engine("api"), imported on first use (the first command):
    the only module of the engine the extension uses."""
    return importlib.import_module(ENGINE + "." + module)


def api():
    return engine("api")


def version():
    return api().__version__


# -- templates ----------------------------------------------------------------

def bundled_templates():
    """[(name, path)] of the templates shipped with the extension, by name."""
    found = {}
    for folder in TEMPLATE_DIRS:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for filename in names:
            stem, ext = os.path.splitext(filename)
            if ext.lower() in TEMPLATE_EXTENSIONS and stem not in found:
                found[stem] = os.path.join(folder, filename)
    return sorted(found.items())


def find_template(name, extra_paths=()):
    """Path of the template called name: bundled first, then extra_paths (e.g. the
    document's own TemplateURL) whose file name is name; None when not found."""
    for stem, path in bundled_templates():
        if stem == name:
            return path
    for path in extra_paths:
        if path and os.path.splitext(os.path.basename(path))[0] == name and \
                os.path.isfile(path):
            return path
    return None


def load_template(path):
    return api().load_template(path)


def template_title(template):
    """The template's title (dc:title), e.g. 個人情報特記事項（令和5年…記載例）; else its name."""
    return api().template_title(template)


def template_titles():
    """[(name, title)] of the bundled templates."""
    out = []
    for name, path in bundled_templates():
        try:
            out.append((name, template_title(load_template(path))))
        except Exception:
            out.append((name, name))
    return out


def template_from_file(path, name):
    """A Template read from a document LibreOffice just stored (.fodt/.odt)."""
    return api().template_from_file(path, name)


def is_template_error(exc):
    return isinstance(exc, api().TokkiError)


# -- assembling ----------------------------------------------------------------

class Assembled:
    """What one assembly produced: the .odt to insert and facts about it."""

    def __init__(self, flat, answers, start, template_name, editable):
        self.flat, self.answers, self.start = flat, answers, start
        self.template_name, self.editable = template_name, editable

    def paragraphs(self):
        return api().paragraph_texts(self.flat)

    def title(self):
        return api().document_title(self.flat)

    def write_odt(self, folder=None, sentinel=None):
        """Write the document to a new temporary .odt; returns its path.

        sentinel: the name of a bookmark put alone in an extra last paragraph.
        Writer gives the last paragraph of an inserted document the attributes
        of the paragraph it lands in (a 第21条 became a caption); with the extra
        paragraph taking that hit, every real paragraph keeps its own style, and
        document.remove_sentinel deletes the extra one afterwards."""
        data = api().document_bytes(self.flat, last_bookmark=sentinel)
        fd, path = tempfile.mkstemp(prefix="tokki-", suffix=".odt", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return path


def assemble(template, raw_answers, start=1, editable=False, where="回答"):
    """Assemble with the engine; TokkiError (AnswerError, TemplateError) on bad input."""
    flat, used = api().assemble(template, raw_answers, start, where, editable)
    return Assembled(flat, used, start, template.name, editable)


def assemble_into_contract(template, raw_answers, start, contract_paragraphs, omit=None,
                           where="回答"):
    """The provisions continuing a contract's numbering (api.assemble_into_contract):
    the contract-level articles it has left out, its 甲/乙 not redefined, its numerals."""
    flat, used = engine("api").assemble_into_contract(template, raw_answers, start,
                                                      contract_paragraphs, omit, where)
    return Assembled(flat, used, start, template.name, False)


def is_article_head(text):
    return engine("api").is_article_head(text)


# an inserted block (issue 13, item 3): its bookmark and the property recording it
BLOCK_PREFIX = "tokki_provisions_"
RECORD_PREFIX = "tokki:inserted:"


def record_text(template_name, answers, start, omit, merged, seq=1, title=""):
    return engine("api").inserted_record(template_name, answers, start, omit, merged, seq,
                                         title)


def parse_record(text):
    return engine("api").parse_inserted_record(text)


def parse_number(text):
    return engine("api").parse_int(text)


def contract_articles(template, contract_paragraphs):
    return engine("api").contract_articles(template, contract_paragraphs)


def normalize(template, raw_answers, where="回答"):
    return api().normalize_answers(template, raw_answers, where)


def recorded_answers(flat):
    return api().recorded_answers(flat)


PROPERTY_NAMES = ("tokki:template", "tokki:answers", "tokki:start-article")


def properties_for(assembled):
    """The tokki:* user-defined properties an editable document carries, as
    {name: text}, exactly as the engine records them (FlatDocument.record_answers)."""
    return api().answer_properties(assembled.flat)


def parse_properties(props):
    """(template name, answers, start) from tokki:* property texts, or None."""
    return api().parse_answer_properties(props)


# -- answers files ---------------------------------------------------------------

def read_answers_file(path):
    """The answers JSON of `tokki assemble --answers` (keys starting with $ ignored)."""
    return api().read_answers(path)


def answers_json(answers, template_name=None):
    """Answers as the JSON `tokki assemble --answers` reads (UTF-8, one object)."""
    data = {}
    if template_name:
        data["$template"] = template_name
    data.update(answers)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_text_atomic(path, text):
    api().write_atomic(path, text.encode("utf-8"))


# -- validation ------------------------------------------------------------------

def validate(paragraphs, meta=None):
    """The validate rules on paragraph texts + metadata -> Report."""
    return api().validate_paragraphs(paragraphs, meta or {})


def validate_file(path):
    """The report of `tokki validate PATH`: the same reading of the file and the same
    rules as the command line (api.validate_file)."""
    return engine("api").validate_file(path)


def scrub_labels():
    """{what: Japanese label} of what `tokki scrub` removes (one list, in the engine)."""
    return engine("api").scrub_labels()


def validation_available():
    try:
        return api().validation_available()
    except (ImportError, AttributeError):
        return False


# -- numbering before the cursor -----------------------------------------------------

def last_article_number(text):
    """The number N of the last paragraph starting 第N条 in text (lines), or 0."""
    return api().last_article_number(text)


# -- 比較 and ひな形に変換 (issues 14 and 15) --------------------------------------------

def template_loader(extra_paths=()):
    """load(name) for the compare engine: a template named by recorded answers, found
    among the templates bundled with the extension (or extra_paths, e.g. the document's
    own TemplateURL); the engine's TokkiError when there is none."""
    def load(name):
        path = find_template(name, extra_paths)
        if path is None:
            raise api().TokkiError("template %r is neither bundled with the extension nor "
                                   "the template the document was made from" % name)
        return load_template(path)
    return load


def compare_with_recorded(path, load=None):
    """The document stored at path against what its recorded answers assemble to
    (api.compare_with_recorded): {"different", "summary", "findings", "comparison"}."""
    return engine("api").compare_with_recorded(path, load or template_loader())


def compare_files(old, new, load=None):
    """old (a chosen file) against new (the current document's copy): api.compare_files."""
    return engine("api").compare_files(old, new, load or template_loader())


def import_template(paragraphs, out, name, title=None, source=None):
    """`tokki import` on the paragraph texts of the open document; writes out (.fodt,
    atomically) -> (report dict, Japanese report text)."""
    _flat, data, text = engine("api").import_template(list(paragraphs), out=out, name=name,
                                                      title=title, wrapped=False,
                                                      source=source)
    return data, text


def check_template(path):
    """(kind, findings) of `tokki check-template PATH`."""
    return engine("api").check_template(path)
