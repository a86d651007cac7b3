"""`tokki compare OLD NEW` and `tokki compare RETURNED`: 新旧対照表, 見え消し, deviations.

exit status as diff: 0 no difference in wording (renumbering alone is none),
1 differences, 2 bad input (one line on stderr, nothing written).
"""
import argparse
import json
import os
import sys

from . import exit
from ..errors import TokkiError

EPILOG = """examples:
  tokki compare h18 r5 --out 新旧対照表.pdf
  tokki compare 昨年度.odt 今年度.odt --out 新旧対照表.odt --elide
  tokki compare 特記事項.odt 返送版.docx --redline 見え消し.odt
  tokki compare 返送版.docx                 (against its recorded answers)
  tokki compare old.odt new.odt --json

OLD, NEW: .odt/.ott/.fodt/.docx, or a bundled template's name (r5, h18: its default
assembly). Articles are matched by identity, not number: renumbering alone is no difference.
exit status: 0 no difference in wording, 1 differences, 2 bad input. docs/compare.md"""


def _check_outputs(args, inputs):
    from ..api import output_format
    if args.out:
        output_format(args.out)
    if args.redline and os.path.splitext(args.redline)[1].lower() not in (".odt", ".fodt"):
        raise TokkiError("%s: the redline must be .odt or .fodt" % args.redline)
    for out in (args.out, args.redline):
        if not out:
            continue
        folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(folder):
            raise TokkiError("%s: the folder %s does not exist" % (out, folder))
        for src in inputs:
            if os.path.exists(src) and os.path.exists(out) and os.path.samefile(src, out):
                raise TokkiError("%s: is an input; write the output to another file" % out)
    if args.out and args.redline and os.path.abspath(args.out) == os.path.abspath(args.redline):
        raise TokkiError("%s: --out and --redline name the same file" % args.out)


def _print_text(comparison, a, b):
    print("旧: %s\n新: %s\n照合: %s" % (a.name, b.name, "条のID" if comparison.aligned_by == "id"
                                       else "見出しと本文の類似"))
    for row in comparison.rows:
        if not row.different and not row.renumbered:
            continue
        old_t = row.old.unit.titled if row.old else "—"
        new_t = row.new.unit.titled if row.new else "—"
        label = row.to_dict()["label_ja"]
        extra = "、文言の変更あり" if row.wording and row.kind not in ("changed", "added",
                                                                   "deleted") else ""
        print("%s ← %s: %s%s" % (new_t, old_t, label, extra))
        if row.kind in ("added", "deleted"):
            continue
        for before, after in row.passages:
            print("    「%s」→「%s」" % (before.replace("\n", "／"), after.replace("\n", "／")))
    if b.outside:
        print("（特記事項の外の %d 件（契約書本文の条・前文）は比べていません）" % b.outside)
    counts = comparison.summary()
    print("計: " + "、".join("%s %d" % (k, v) for k, v in counts.items() if v))


def cmd_compare(args):
    from ..api import compare_sides, write_compare_table, write_redline
    inputs = [args.old] + ([args.new] if args.new else [])
    _check_outputs(args, inputs)
    comparison, a, b = compare_sides(args.old, args.new)
    if args.out:
        write_compare_table(comparison, args.out, order=args.order, elide=args.elide,
                            title=args.title)
    if args.redline:
        write_redline(comparison, args.redline)
    if args.json:
        data = comparison.to_dict(a.name, b.name)
        data["outside_articles"] = b.outside
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not args.quiet:
        _print_text(comparison, a, b)
    return exit.FINDINGS if comparison.different else exit.OK


def add_parser(subparsers):
    p = subparsers.add_parser(
        "compare", help="新旧対照表 and 見え消し of two versions, aligned by article identity; "
        "or a returned contract against its recorded answers",
        description="Compare two versions of the provisions article by article (renumbering "
        "is not a change), or, with one file, a returned contract against what its recorded "
        "answers assemble to.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", metavar="OLD", help="old version (or the returned contract alone)")
    p.add_argument("new", metavar="NEW", nargs="?", help="new version")
    p.add_argument("--out", metavar="FILE", help="新旧対照表 as .odt, .fodt, .pdf or .docx "
                   "(PDF/DOCX need LibreOffice)")
    p.add_argument("--json", action="store_true", help="the comparison as JSON on stdout")
    p.add_argument("--redline", metavar="OUT.odt", help="NEW with tracked changes against OLD "
                   "(見え消し), for Writer's accept/reject")
    p.add_argument("--order", choices=("new-old", "old-new"), default="new-old",
                   help="columns of the table: 改正後 | 改正前 (default) or 改正前 | 改正後")
    p.add_argument("--elide", action="store_true",
                   help="show articles whose wording is unchanged as 「第N条　（略）」")
    p.add_argument("--title", help="title above the table (default: the new text's title "
                   "and 新旧対照表)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing; the exit status "
                   "tells")
    p.set_defaults(func=cmd_compare)
    return p
