"""What a check reports: one Finding type, one Severity, one order, one text rendering.

Used by the contract rules (validate/), the template linter (lint.py) and the 別紙2
report checks (compliance.py), so that `tokki validate`, `check-template` and
`check-report` — the same product for the same clerks — give the same shape:
JSON {"file", "errors", "warnings"} whose findings all carry the same fields. No I/O.
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union


class Severity:
    ERROR = "error"      # the document/template/report is wrong: exit 1
    WARNING = "warning"  # worth a look; never fails a check
    ORDER = {ERROR: 0, WARNING: 1}
    LABELS = {ERROR: ("エラー", "error"), WARNING: ("警告", "warning")}


ERROR = Severity.ERROR
WARNING = Severity.WARNING

ArticleNo = Union[int, str]  # 5, or "5の2" for a branch article

# The place fields each kind of check reports, in their JSON order.
SCOPES = {"document": ("article", "paragraph", "index"), "template": ("where",),
          "report": ("question",)}


@dataclass
class Finding:
    """One problem. `code` is stable (documented in docs/validate.md, docs/report.md);
    messages may change. Where it is, as far as the check knows:

    article:   the article number (第N条) the problem is in, or None (whole document)
    paragraph: the 項 number inside that article (1 = the article's first paragraph)
    index:     position in the list of paragraphs given to validate(), so that an
               editor can move the cursor there; None when not tied to a paragraph
    where:     a template place in words (lint: art:ID「第7条…」, セクション …)
    question:  the number of a 別紙2 report question (compliance), None for the header
    key:       the answer key (question tag) it is about, when there is one
    scope:     what was checked — "document" (validate), "template" (lint) or "report"
               (compliance); it chooses the place fields of the JSON (SCOPES)
    """
    code: str
    severity: str
    message: str
    message_en: str
    article: Optional[ArticleNo] = None
    paragraph: Optional[int] = None
    excerpt: str = ""
    index: Optional[int] = None
    where: Optional[str] = None
    question: Optional[int] = None
    key: Optional[str] = None
    scope: str = "document"

    def to_dict(self) -> dict:
        """code, severity, the place fields of its scope (null when unknown), key (when
        known), excerpt, message, message_en: the JSON of validate, check-template and
        check-report (docs/validate.md, docs/report.md)."""
        out = OrderedDict([("code", self.code), ("severity", self.severity)])
        for name in SCOPES[self.scope]:
            out[name] = getattr(self, name)
        if self.key is not None:
            out["key"] = self.key
        out.update([("excerpt", self.excerpt), ("message", self.message),
                    ("message_en", self.message_en)])
        return out

    def place(self) -> str:
        """Where, in a few words, for the text rendering ('' when the message says it)."""
        if self.where:
            return self.where
        if self.article is not None:
            return "第%s条" % self.article + ("第%d項" % self.paragraph
                                              if self.paragraph and self.paragraph > 1 else "")
        return ""


def sort_findings(findings, key=None):
    """Errors first, then warnings; stable inside each (key: a secondary order)."""
    if key is None:
        return sorted(findings, key=lambda f: Severity.ORDER[f.severity])
    return sorted(findings, key=lambda f: (Severity.ORDER[f.severity], key(f)))


def findings_dict(findings, file=None, **extra):
    """{"file", **extra, "errors", "warnings"}: the JSON of every check command."""
    out = OrderedDict([("file", file)])
    out.update(extra)
    out["errors"] = [f.to_dict() for f in findings if f.severity == ERROR]
    out["warnings"] = [f.to_dict() for f in findings if f.severity == WARNING]
    return out


def render_findings(file, findings, where=True):
    """The bilingual text the check commands print (check-template, check-report):
    a count line, then per finding the Japanese line and its English translation.
    where=False leaves the place out (messages that name it already)."""
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity == WARNING]
    lines = ["%s: エラー %d件、警告 %d件 / %d error(s), %d warning(s)"
             % (file, len(errors), len(warnings), len(errors), len(warnings))]
    for f in errors + warnings:
        ja, en = Severity.LABELS[f.severity]
        place = f.place() if where else ""
        lines.append("  %s [%s]%s %s" % (ja, f.code, " " + place if place else "", f.message))
        lines.append("    %s: %s" % (en, f.message_en))
    if not findings:
        lines.append("  問題は見つかりませんでした。 / No problems found.")
    return "\n".join(lines) + "\n"


@dataclass
class Report:
    findings: List[Finding] = field(default_factory=list)
    # 指針 4-8-9(1) item "1".."8" -> article numbers that cover it
    coverage: Dict[str, List[ArticleNo]] = field(default_factory=dict)
    # the same items -> the covering articles as the document names them, in document
    # order: 第5条, 第5 (a 別記 without 条), 「5」 (「5　見出し」 headings); the text report
    # writes these (numbers alone cannot tell a contract's 第2条 from its 別記's 第2)
    coverage_names: Dict[str, List[str]] = field(default_factory=dict)

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def codes(self) -> List[str]:
        return [f.code for f in self.findings]

    def to_dict(self, file: Optional[str] = None) -> dict:
        out = findings_dict(self.findings, file)
        out["coverage"] = {k: list(v) for k, v in self.coverage.items()}
        return out
