"""Japanese and English texts of the extension's own user interface (pure).

The language follows LibreOffice's UI language (ooLocale, read by
unoutil.ui_language): Japanese for ja*, English otherwise. The template's
questions, options and ※ guidance are the template's own Japanese text and
are shown as they are in both languages.
"""

JA, EN = "ja", "en"

STRINGS = {
    # titles
    "app": ("個人情報特記事項", "Personal-information provisions"),
    "title.assemble": ("個人情報特記事項 — 作成・更新", "個人情報特記事項 — Create / Update"),
    "title.insert": ("個人情報特記事項 — 挿入", "個人情報特記事項 — Insert"),
    "title.validate": ("個人情報特記事項 — 検証", "個人情報特記事項 — Validation"),
    "title.finalize": ("個人情報特記事項 — 確定", "個人情報特記事項 — Finalise"),
    # dialog
    "mode.template": ("この文書（ひな形「{name}」）の設問に答えると、文書全体を特記事項に組み立てます。",
                      "Answer the questions of this document (template “{name}”); OK assembles "
                      "the whole document into the provisions."),
    "mode.editable": ("この文書はひな形「{name}」から組み立てた特記事項です。回答を変えて OK を押すと組み立て直します。",
                      "This document was assembled from template “{name}”. Change answers and "
                      "press OK to re-assemble it."),
    "mode.insert": ("カーソルの位置に特記事項を挿入します。", "Inserts the provisions at the cursor."),
    "insert.template": ("ひな形(~T):", "~Template:"),
    "insert.numbering": ("条番号", "Article numbers"),
    "insert.from_one": ("第1条から（別紙として）(~1)", "Start at Article ~1 (as an annex)"),
    "insert.continue": ("契約書の条に続ける：第{next}条から（カーソルより前の最後は第{last}条）(~C)",
                        "~Continue the contract: from Article {next} (the last before the "
                        "cursor is Article {last})"),
    "insert.continue_none": ("契約書の条に続ける（カーソルより前に「第N条」がありません）(~C)",
                             "~Continue the contract (no “第N条” before the cursor)"),
    "insert.start_at": ("最初の条の番号(~N):", "~Number of the first article:"),
    "help.title": ("説明", "Guidance"),
    "help.focus": ("設問を選ぶと、ここにその設問の説明が表示されます。",
                   "Select a question to see its guidance here."),
    "help.option": ("選んだ表現について：", "About the chosen wording:"),
    "help.disabled": ("（この設問は今の回答では使われません：{cond}）",
                      "(not used with the current answers: {cond})"),
    "help.list": ("1行に1項目ずつ入力します。", "One item per line."),
    "help.required": ("必須です。", "Required."),
    "help.variant": ("{cond}のときだけ入る条文：「{excerpt}」— 今の回答では{state}。",
                     "Text included only when {cond}: “{excerpt}” — with the current answers it "
                     "is {state}."),
    "help.included": ("入ります", "included"),
    "help.excluded": ("入りません", "left out"),
    "cond.flag": ("「{label}」がオン", "“{label}” is ticked"),
    "cond.eq": ("「{label}」が「{option}」", "“{label}” is “{option}”"),
    "cond.ne": ("「{label}」が「{option}」以外", "“{label}” is not “{option}”"),
    "cond.not": ("{inner}ではない", "not ({inner})"),
    "cond.and": ("、かつ", " and "),
    "cond.or": ("、又は", " or "),
    "required.mark": ("（必須）", " (required)"),
    "page": ("{page}/{pages} ページ", "page {page} of {pages}"),
    "button.ok": ("~OK", "~OK"),     # as LibreOffice's own OK (「_OK」 in Japanese too)
    "button.cancel": ("キャンセル", "Cancel"),
    "button.save": ("回答の保存(~S)…", "~Save answers…"),
    "button.load": ("回答の読込(~L)…", "~Load answers…"),
    "button.prev": ("< 前へ(~B)", "< ~Back"),
    "button.next": ("次へ(~X) >", "Ne~xt >"),
    "button.close": ("閉じる", "Close"),
    "button.goto": ("該当箇所へ移動(~G)", "~Go to"),
    "button.revalidate": ("再検証(~R)", "~Re-validate"),
    # checks before OK
    "check.required": ("「{label}」は必須です。入力してください。", "“{label}” is required."),
    "check.list_empty": ("「{label}」を1行に1項目ずつ、少なくとも1つ入力してください。",
                         "Enter at least one item of “{label}”, one per line."),
    "check.placeholder": ("「{label}」に「○○」が残っています。全体を書き換えてください。",
                          "“{label}” still contains the placeholder ○○."),
    "insert.present": ("契約書にすでにある条は、契約書の条に続けるとき入れません：{captions}",
                       "Continuing the contract, articles it already has are left out: {captions}"),
    "insert.keep": ("{caption}も入れる", "Keep {caption}"),
    "check.start": ("「最初の条の番号」には 1 以上の数字を入力してください（「２５」のような全角数字も使えます）。",
                    "“First article number” must be a number of 1 or more."),
    "check.bad_choice": ("回答を使えません：「{label}」（{name}）の値「{value}」は選べません。選べる値：{allowed}",
                         "Cannot use the answers: “{label}” ({name}) cannot be “{value}”; allowed: {allowed}"),
    "check.answers": ("回答に問題があります：{detail}", "The answers have a problem: {detail}"),
    # results and errors
    "done.assembled": ("特記事項を組み立てました（第{first}条〜第{last}条）。元に戻すには Ctrl+Z を1回押します。",
                       "Assembled the provisions (articles {first}–{last}). Ctrl+Z once undoes it."),
    "err.not_writer": ("Writer の文書で使ってください。", "Use this in a Writer document."),
    "err.cursor_body": ("カーソルを本文の中（表・枠・ヘッダーの外）に置いてから実行してください。",
                        "Put the cursor in the body text (not in a table, frame or header)."),
    "ask.mid_paragraph": ("カーソルが段落の途中にあります。このまま挿入すると、この段落はカーソルの前と後の"
                          "2つの段落に分かれます。続けますか？\n（分けたくないときは［いいえ］を押し、"
                          "空の段落を作ってそこにカーソルを置いてから挿入してください。）",
                          "The cursor is in the middle of a paragraph: inserting here splits it "
                          "in two. Continue?\n(To keep it whole, choose No, make an empty "
                          "paragraph and put the cursor there.)"),
    "ask.hand_edits": ("挿入した特記事項は、挿入のあとに手で直されています：\n{edits}\n作成・更新すると、"
                       "特記事項は回答から作り直され、この直しは消えます。続けますか？\n（直しを残すには"
                       "［いいえ］を押してください。文書はそのままです。直した箇所は［比較］で確かめられます。）",
                       "The inserted provisions were changed by hand after they were inserted:\n"
                       "{edits}\nCreate / Update rebuilds them from the answers and these "
                       "changes are lost. Continue?\n(To keep them, choose No: the document "
                       "stays as it is. Compare shows the changes.)"),
    "err.hand_edits": ("挿入した特記事項は、挿入のあとに手で直されているため、組み立て直しませんでした"
                       "（直しが消えるため）：\n{edits}\n直しを捨てて組み立て直すときは、URL に "
                       "&edits=discard を付けてください。",
                       "The inserted provisions were changed by hand after they were inserted, "
                       "so they were not re-assembled (the changes would be lost):\n{edits}\n"
                       "To re-assemble them anyway, dropping the changes, add &edits=discard."),
    "edits.more": ("ほか {n} か所", "and {n} more"),
    "err.readonly": ("この文書は読み取り専用です。", "This document is read-only."),
    "err.no_template": ("ひな形「{name}」が見つかりません。拡張機能に同梱のひな形か、この文書の作成に使ったひな形が必要です。",
                        "Template “{name}” was not found: it must be bundled with the "
                        "extension or be the template this document was made from."),
    "err.no_templates": ("同梱のひな形が見つかりません。拡張機能を入れ直してください。",
                         "No bundled template was found; reinstall the extension."),
    "err.template": ("ひな形を読めません：{detail}", "The template cannot be read: {detail}"),
    "err.answers": ("回答を使えません：{detail}", "The answers cannot be used: {detail}"),
    "err.already_inserted": ("この文書にはすでに「{title}」が入っています。同じ文書に2組は入れられません。回答を変えるときは、入っている「{title}」の中（見出しから最後の条までのどこか）にカーソルを置いて［作成・更新］（ツールバーの［特］）を押してください。その部分だけを今の回答で組み立て直します（Ctrl+Z 1回で戻せます）。",
                             "This document already contains “{title}”; a second set is not inserted. To change the answers, put the cursor anywhere in the inserted provisions (from the heading to the last article) and use Create / Update (toolbar button 特): it re-assembles them in place (Ctrl+Z once undoes it)."),
    "err.already_inserted_unrecorded": ("この文書にはすでに「{title}」が入っています。同じ文書に2組は入れられません。この「{title}」は回答の記録がないため（確定した、または古い版で挿入した）組み立て直せません。答えを変えるときは、入っている「{title}」（見出しから最後の条まで）を選んで削除してから、もう一度［特］で挿入してください。",
                                        "This document already contains “{title}”; a second set is not inserted. Those provisions carry no recorded answers (finalised, or inserted by an older version), so they cannot be re-assembled: delete them (from the heading to the last article) and insert again."),
    "mode.update": ("この文書に挿入した特記事項（ひな形「{name}」）です。回答を変えて OK を押すと、その部分だけを組み立て直します（Ctrl+Z 1回で戻せます）。",
                    "These are provisions inserted from template “{name}”. Change answers and press OK to re-assemble just them (Ctrl+Z once undoes it)."),
    "update.numbering": ("条番号：契約書の条に続けて第{next}条から（その前の最後は第{last}条）",
                         "Article numbers: continuing the contract, from Article {next} (the last before them is Article {last})"),
    "update.from": ("条番号：第{next}条から（挿入したときのまま）",
                    "Article numbers: from Article {next} (as inserted)"),
    "err.validate": ("文書を検証できません：{detail}", "The document cannot be validated: {detail}"),
    "err.answers_file": ("回答ファイルを読めません：{detail}", "The answers file cannot be read: {detail}"),
    "err.url": ("{detail}", "{detail}"),
    "err.internal": ("予期しないエラーが起きました（{detail}）。文書は変更していません。詳しくは {log} を見てください。",
                     "Unexpected error ({detail}); the document was not changed. See {log}."),
    "err.no_validate": ("この版には検証機能が入っていません。", "Validation is not part of this build."),
    "err.write": ("ファイルに書き込めません：{detail}", "Cannot write the file: {detail}"),
    # validate
    "validate.clean": ("問題は見つかりませんでした。", "No problems found."),
    "validate.summary": ("エラー {errors} 件、警告 {warnings} 件", "{errors} errors, {warnings} warnings"),
    "validate.error": ("エラー", "Error"),
    "validate.warning": ("警告", "Warning"),
    "validate.unfinalised": ("この文書には特記事項を作るための記録（記録した回答など）が残っています。相手方に渡す前に［確］（確定）を押してください。",
                             "This document still carries what tokki recorded to make the provisions (the answers); press Finalise before sending it."),
    "validate.finding_help": ("項目を選んでダブルクリック（または［該当箇所へ移動］）すると、文書のその段落に移動します。",
                              "Double-click a finding (or Go to) to move the cursor to it."),
    # finalize
    "finalize.ask": ("相手方に渡す完成した文書にします。特記事項の設問の枠・黄色の注記・記録した回答が残っていれば取り除きます。確定すると回答の記録がなくなるため、あとから［作成・更新］で回答を変えて作り直すことはできません（Ctrl+Z で戻るのは本文だけで、回答の記録は戻りません。回答を取っておくときは、先に［回答の保存］をしてください）。確定しますか？",
                     "Make this the finished document to send: the provisions' question frames, yellow notes and recorded answers are removed where present. Afterwards the document can no longer be re-assembled with Create / Update (Ctrl+Z restores the text, not the recorded answers; use Save answers first to keep them). Finalise?"),
    "finalize.done": ("確定しました。\n{what}",
                      "Finalised.\n{what}"),
    "finalize.nothing": ("この文書には、確定で取り除く特記事項の設問・注記・回答の記録はありませんでした。文書は変更していません。",
                         "This document has no question frames, notes or recorded answers of the provisions to remove; it was not changed."),
    "finalize.what.assembled": ("・ひな形を今の回答で組み立てました",
                                "• assembled the template with its current answers"),
    "finalize.what.properties": ("・記録した回答など、作成用の記録を削除しました（{n} 件）",
                                 "• removed the recorded answers and other records of tokki ({n})"),
    "finalize.personal": ("相手方に渡す前に、ファイルに残る個人の情報（{what}）も取り除きますか？（［ファイル］▸［プロパティ］の作成者名などです。本文は変わりません。）",
                          "Also remove the personal data the file carries ({what})? The text does not change."),
    "finalize.what.personal": ("・{label}を削除しました（{n} 件）",
                               "• removed {label} ({n})"),
    "finalize.what.controls": ("・設問と記入欄の枠を外しました（{n} 件。文字は残ります）",
                               "• removed the frames of questions and blanks ({n}; their text stays)"),
    "finalize.what.sections": ("・選択肢ごとの見えない区切りを外しました（{n} 件）",
                               "• removed the invisible divisions of the choices ({n})"),
    "finalize.what.bookmarks": ("・条文の位置を示す見えない印を削除しました（{n} 件）",
                                "• removed invisible position marks of the provisions ({n})"),
    # answers files
    "answers.filter": ("回答（JSON）", "Answers (JSON)"),
    "answers.saved": ("回答を保存しました：{path}", "Saved the answers: {path}"),
    "answers.none": ("この文書にはまだ回答がありません（［作成・更新］か［挿入］で答えてください）。",
                     "This document has no answers yet (use Create / Update or Insert)."),
    # the findings window (modeless) shared by 検証 and 比較
    "title.compare": ("個人情報特記事項 — 比較", "個人情報特記事項 — Compare"),
    "title.import": ("個人情報特記事項 — ひな形に変換", "個人情報特記事項 — Convert to a template"),
    "button.recompare": ("再比較", "Compare again"),
    "button.compare_file": ("ファイルと比較…", "Compare with a file…"),
    "button.open_template": ("テンプレートを開く", "Open the template"),
    "findings.detail_help": ("一覧の項目を選ぶと、ここに全文が表示され、文書のその箇所に移動します。この窓を開いたまま文書を編集できます。",
                             "Choose a row to see it in full here and move the cursor to it "
                             "in the document. The document can be edited while this window "
                             "is open."),
    "findings.gone": ("（この箇所は文書から削除されています。［再検証］で読み直してください。）",
                      "(This place is no longer in the document; re-read it.)"),
    # 比較
    "compare.with_recorded": ("比較：この文書 と 記録された回答（ひな形「{name}」）から組み立てた特記事項",
                              "Compared: this document with what its recorded answers "
                              "(template “{name}”) assemble to"),
    "compare.with_file": ("比較：この文書 と {file}", "Compared: this document with {file}"),
    "compare.same": ("文言の違いはありません（条番号の違いは数えません）。",
                     "No difference in wording (renumbering is not counted)."),
    "compare.summary": ("違いのある条 {n} 件（変更 {changed}、追加 {added}、削除 {deleted}、その他 {other}）",
                        "{n} articles differ (changed {changed}, added {added}, deleted "
                        "{deleted}, other {other})"),
    "compare.no_recorded": ("この文書には記録された回答（作成・更新や挿入のときに残る tokki の情報）がありません。比較するファイル（前の版や組み立てた特記事項）を選んでください。",
                            "This document has no recorded answers. Choose the file to compare "
                            "it with (an earlier version, or the assembled provisions)."),
    "compare.pick": ("比較するファイルを選ぶ", "Choose the file to compare with"),
    "compare.filter": ("文書（ODT・DOCX・FODT）", "Documents (ODT, DOCX, FODT)"),
    "err.compare": ("比較できません：{detail}", "Cannot compare: {detail}"),
    "err.compare_recorded": ("この文書には記録された回答がありません。比較するファイルを選んでください（自動実行では with=ファイルの URL）。",
                             "This document has no recorded answers; choose a file to compare "
                             "with (automation: with=<file URL>)."),
    # ひな形に変換
    "import.pick": ("テンプレートの保存先", "Save the template as"),
    "import.filter": ("tokki テンプレート（FODT）", "tokki template (FODT)"),
    "import.default_name": ("{stem}_テンプレート.fodt", "{stem}-template.fodt"),
    "import.done": ("テンプレートを書き出しました：{path}", "Wrote the template: {path}"),
    "import.open": ("書き出したテンプレートを開きますか？", "Open the new template?"),
    "import.report_head": ("ひな形からテンプレートを作りました：{path}\n人が確認すべき点は下の一覧のとおりです。",
                           "The template was written to {path}.\nThe rows below are left for "
                           "a person to check."),
    "import.nothing_left": ("確認が必要な点はありません。", "Nothing is left to check."),
    "err.import": ("ひな形に変換できません：{detail}", "Cannot convert to a template: {detail}"),
    "err.import_template": ("この文書はすでに tokki のテンプレートです（art: セクションがあります）。",
                            "This document is already a tokki template (it has art: sections)."),
}


def tr(key, lang=JA, **values):
    ja, en = STRINGS[key]
    text = ja if lang == JA else en
    return text.format(**values) if values else text


def language_of(locale):
    """'ja-JP' / 'ja' -> 'ja'; anything else (en-US, de, '') -> 'en'."""
    return JA if (locale or "").lower().startswith("ja") else EN


def strip_mnemonic(text):
    """Label text without LibreOffice's ~ mnemonic marker, and without the Japanese
    「(~S)」 that only makes sense on a button (a window title showed 「回答の保存(S)…」)."""
    import re
    return re.sub(r"[（(]~?[A-Za-z][）)]", "", text).replace("~", "").replace("\u200b", "")
