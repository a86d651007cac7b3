"""The human-readable report (Japanese or English), as plain text."""
from .coverage import CIRCLED
from ..findings import Report
from .recognition import Recognition


def _article_list(numbers, lang, names=None):
    """The articles as the document names them (names: 第5条, 第5, 「5」), else 第N条."""
    if not numbers:
        return "なし" if lang == "ja" else "none"
    if lang == "ja":
        return "、".join(names) if names else "、".join("第%s条" % n for n in numbers)
    return ", ".join("Article %s" % n for n in numbers)


def render(report: Report, file: str = None, lang: str = "ja",
           rec: Recognition = None) -> str:
    """The report as text; rec (the data validate ran with) names the 指針's items
    of the coverage list, so it is needed when the report has one."""
    ja = lang == "ja"
    lines = []
    if file:
        lines.append(("ファイル：%s" if ja else "File: %s") % file)
    errors, warnings = report.errors, report.warnings
    if ja:
        lines.append("エラー %d件、警告 %d件" % (len(errors), len(warnings)))
    else:
        lines.append("%d error(s), %d warning(s)" % (len(errors), len(warnings)))
    for title, group in (("エラー" if ja else "Errors", errors),
                         ("警告" if ja else "Warnings", warnings)):
        if not group:
            continue
        lines.append("")
        lines.append("■ %s" % title if ja else "== %s" % title)
        for f in group:
            lines.append("- [%s] %s" % (f.code, f.message if ja else f.message_en))
            if f.excerpt:
                lines.append("    %s" % f.excerpt)
    if report.coverage:
        if rec is None:
            raise ValueError("render: a report with coverage needs rec (the Recognition "
                             "validate ran with) for the 指針's item names")
        lines.append("")
        lines.append("■ 指針4-8-9(1) 契約書に明記する事項" if ja
                     else "== 指針 4-8-9(1): what the contract must state")
        for key in sorted(report.coverage, key=int):
            name = rec.items[key] if ja else rec.items_en[key]
            lines.append("%s %s：%s" % (CIRCLED[int(key) - 1], name,
                                       _article_list(report.coverage[key], lang,
                                                     report.coverage_names.get(key)))
                         if ja else "(%s) %s: %s" % (key, name,
                                                     _article_list(report.coverage[key], lang)))
    if not errors:
        lines.append("")
        lines.append("エラーはありません。" if ja else "No errors.")
    return "\n".join(lines) + "\n"
