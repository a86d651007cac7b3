"""vnd.tokki: command URLs: parsing and checking (pure, no UNO).

    vnd.tokki:assemble[?answers=<file URL>][&edits=discard]
    vnd.tokki:insert[?answers=<file URL>][&start=N|continue][&template=NAME]
    vnd.tokki:validate[?report=<file URL>]
    vnd.tokki:finalize[?ask=no]
    vnd.tokki:saveanswers[?file=<file URL>]
    vnd.tokki:loadanswers[?file=<file URL>][&edits=discard]
    vnd.tokki:compare[?recorded=yes|with=<file URL>][&report=<file URL>]
    vnd.tokki:import[?out=<file URL>]

assemble?answers=URL re-assembles the provisions inserted in the document (its one
inserted block, or the one the cursor is in) in place with the file's answers over the
recorded ones, keeping the contract's numbering and the omitted articles; a template or
an assembled document is assembled in place, any other document gets insert?answers=URL.
vnd.tokki:loadanswers?file=URL does the same. An inserted block changed by hand since it
was assembled is not re-assembled (its edits would be lost) unless &edits=discard.

Parameter values are URL-encoded (a file URL inside a URL: file%3A%2F%2F%2Ftmp%2Fa.json).
A command with parameters is automation: it shows no dialog and no message box;
it logs and returns its errors instead.
"""
import os
import unicodedata
from urllib.parse import parse_qsl, urlsplit
from urllib.request import url2pathname

PROTOCOL = "vnd.tokki:"

# command -> {parameter: kind}
COMMANDS = {
    "assemble": {"answers": "file", "edits": "discard"},
    "insert": {"answers": "file", "start": "start", "template": "name"},
    "validate": {"report": "file"},
    "finalize": {"ask": "no"},
    "saveanswers": {"file": "file"},
    "loadanswers": {"file": "file", "edits": "discard"},
    "compare": {"recorded": "yes", "with": "file", "report": "file"},
    "import": {"out": "file"},
}


class UrlError(ValueError):
    """A bad vnd.tokki: URL; .ja and .en are the messages."""

    def __init__(self, ja, en):
        ValueError.__init__(self, en)
        self.ja, self.en = ja, en


class Command:
    def __init__(self, name, params, url):
        self.name, self.params, self.url = name, params, url

    @property
    def automated(self):
        """True when parameters were given: no dialogs, errors are returned."""
        return bool(self.params)

    def __repr__(self):
        return "Command(%r, %r)" % (self.name, self.params)


def parse(url):
    """'vnd.tokki:insert?answers=…&start=3' -> Command, or UrlError."""
    if not isinstance(url, str) or not url.startswith(PROTOCOL):
        raise UrlError("tokki のコマンドではありません: %s" % url,
                       "not a tokki command: %s" % url)
    rest = url[len(PROTOCOL):]
    name, _, query = rest.partition("?")
    name = name.strip().lower()
    if name not in COMMANDS:
        raise UrlError("不明なコマンド「%s」です。使えるコマンド: %s"
                       % (name, "、".join(sorted(COMMANDS))),
                       "unknown command %r; known: %s" % (name, ", ".join(sorted(COMMANDS))))
    allowed = COMMANDS[name]
    params = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise UrlError("パラメーターの書き方が正しくありません: %s" % query,
                       "malformed parameters: %s" % query) from None
    for key, value in pairs:
        if key not in allowed:
            raise UrlError(
                "コマンド「%s」にパラメーター「%s」はありません（使えるもの: %s）"
                % (name, key, "、".join(sorted(allowed)) or "なし"),
                "command %r has no parameter %r (allowed: %s)"
                % (name, key, ", ".join(sorted(allowed)) or "none"))
        if key in params:
            raise UrlError("パラメーター「%s」が2回指定されています" % key,
                           "parameter %r is given twice" % key)
        params[key] = _value(key, allowed[key], value)
    answers_key = {"assemble": "answers", "loadanswers": "file"}.get(name)
    if "edits" in params and answers_key not in params:
        raise UrlError("edits=discard は %s=（回答 JSON のファイル URL）と一緒に指定します"
                       % answers_key,
                       "edits=discard goes with %s=<file URL of the answers JSON>" % answers_key)
    if name == "insert" and params and "answers" not in params:
        raise UrlError("insert の自動実行には answers=（回答 JSON のファイル URL）が必要です",
                       "automated insert needs answers=<file URL of the answers JSON>")
    if name == "compare" and params:
        if ("with" in params) == bool(params.get("recorded")):
            raise UrlError("compare の自動実行には with=（比較するファイルの URL）か recorded=yes"
                           "（記録された回答と比較）のどちらか一方を指定してください",
                           "automated compare needs either with=<file URL of the other "
                           "document> or recorded=yes (compare with the recorded answers), "
                           "not both")
    if name == "import" and params and "out" not in params:
        raise UrlError("import の自動実行には out=（書き出すテンプレート .fodt のファイル URL）が"
                       "必要です",
                       "automated import needs out=<file URL of the template .fodt to write>")
    if name == "import" and params and \
            not params["out"].lower().endswith((".fodt", ".odt")):
        raise UrlError("out のファイル名は .fodt か .odt で終わる必要があります（%s）"
                       % params["out"],
                       "out must end in .fodt or .odt (%s)" % params["out"])
    return Command(name, params, url)


def _value(key, kind, value):
    if kind == "file":
        return file_url_to_path(value, key)
    if kind == "start" and value.strip().lower() == "continue":
        return "continue"      # after the contract's last 第N条 before the cursor
    if kind in ("int", "start"):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text.isdigit() or int(text) < 1:
            raise UrlError("%s は 1 以上の整数で指定してください（%r）" % (key, value),
                           "%s must be a whole number >= 1, not %r" % (key, value))
        return int(text)
    if kind == "yes":
        if value.strip().lower() in ("yes", "true", "1"):
            return True
        raise UrlError("%s に指定できるのは yes だけです（%r）" % (key, value),
                       "%s can only be yes (%r)" % (key, value))
    if kind == "discard":
        if value.strip().lower() == "discard":
            return "discard"
        raise UrlError("%s に指定できるのは discard（手で直したところを捨てて組み立て直す）"
                       "だけです（%r）" % (key, value),
                       "%s can only be discard (re-assemble, dropping the hand edits), not %r"
                       % (key, value))
    if kind == "no":
        # Automation never asks: the only meaningful value is no.
        if value.strip().lower() in ("no", "false", "0"):
            return False
        raise UrlError("%s に指定できるのは no だけです（%r）。確認なしで実行します。" % (key, value),
                       "%s can only be no (%r): automation never asks" % (key, value))
    text = value.strip()
    if not text or "/" in text or "\\" in text or text.startswith("."):
        raise UrlError("%s にはテンプレートの名前（例: tokki-r5）を指定してください（%r）"
                       % (key, value),
                       "%s must be a template name such as tokki-r5, not %r" % (key, value))
    return text


def file_url_to_path(url, key="file"):
    """'file:///tmp/a%20b.json' -> '/tmp/a b.json'; only local file URLs."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise UrlError("%s にはファイルの URL（file:///…）を指定してください（%r）" % (key, url),
                       "%s must be a local file URL (file:///…), not %r" % (key, url))
    path = url2pathname(parts.path)
    if not path or path.endswith(("/", os.sep)):
        raise UrlError("%s にファイル名がありません（%r）" % (key, url),
                       "%s names no file (%r)" % (key, url))
    return path
