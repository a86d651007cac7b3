"""What a rule reports: a Finding, and the Report that collects them (no I/O)."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union

ERROR = "error"
WARNING = "warning"

ArticleNo = Union[int, str]  # 5, or "5の2" for a branch article


@dataclass
class Finding:
    """One problem. `code` is stable (documented in docs/validate.md); messages may change.

    article:   the article number (第N条) the problem is in, or None (whole document)
    paragraph: the 項 number inside that article (1 = the article's first paragraph)
    index:     position in the list of paragraphs given to validate(), so that an
               editor can move the cursor there; None when not tied to a paragraph
    """
    code: str
    severity: str
    message: str
    message_en: str
    article: Optional[ArticleNo] = None
    paragraph: Optional[int] = None
    excerpt: str = ""
    index: Optional[int] = None

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "article": self.article,
                "paragraph": self.paragraph, "index": self.index, "excerpt": self.excerpt,
                "message": self.message, "message_en": self.message_en}


@dataclass
class Report:
    findings: List[Finding] = field(default_factory=list)
    # 指針 4-8-9(1) item "1".."8" -> article numbers that cover it
    coverage: Dict[str, List[ArticleNo]] = field(default_factory=dict)

    @property
    def errors(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> List[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def codes(self) -> List[str]:
        return [f.code for f in self.findings]

    def to_dict(self, file: Optional[str] = None) -> dict:
        return {"file": file,
                "errors": [f.to_dict() for f in self.errors],
                "warnings": [f.to_dict() for f in self.warnings],
                "coverage": {k: list(v) for k, v in self.coverage.items()}}
