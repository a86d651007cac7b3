"""`tokki validate DOC` and `tokki scrub DOC --out OUT` (argparse sub-commands).

validate exit status: 0 no errors (warnings allowed), 1 errors found,
2 the file cannot be read (one line on stderr, nothing written).
"""
import argparse
import json
import sys

from .errors import TokkiError

VALIDATE_EPILOG = """examples:
  tokki validate 特記事項.odt
  tokki validate 特記事項.docx --json
  tokki validate contract.fodt --lang en

exit status: 0 no errors (warnings are allowed), 1 errors found, 2 the file cannot be read.
Rules and codes: docs/validate.md"""

SCRUB_EPILOG = """removes: author/creator/printed-by names, the template path, user-defined
properties, comments, tracked changes (insertions accepted, deletions dropped: the text
you see is kept), hidden text, hidden paragraphs and hidden sections.
DOC is never modified; OUT is written atomically (.odt or .fodt).

exit status: 0 written, 2 the file cannot be read or OUT cannot be written."""


def _fail(command, exc):
    print("tokki %s: error: %s" % (command, str(exc).replace("\n", " ")), file=sys.stderr)
    return getattr(exc, "exit_code", 2)


def cmd_validate(args):
    from .validate import render, validate
    from .validate_io import read_document
    try:
        paragraphs, meta = read_document(args.doc)
    except TokkiError as exc:
        return _fail("validate", exc)
    report = validate(paragraphs, meta)
    if args.json:
        json.dump(report.to_dict(args.doc), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(report, args.doc, args.lang))
    return 1 if report.errors else 0


def cmd_scrub(args):
    from .scrub import scrub_file
    try:
        removed = scrub_file(args.doc, args.out)
    except TokkiError as exc:
        return _fail("scrub", exc)
    if not args.quiet:
        ja = args.lang == "ja"
        if removed:
            print(("%s を書き出しました。取り除いたもの：" if ja else "wrote %s; removed:")
                  % args.out)
            from .scrub import LABELS
            for what, count in removed.items():
                print("  %s: %d" % (LABELS[what] if ja else what, count))
        else:
            print(("%s を書き出しました（取り除くものはありませんでした）。" if ja
                   else "wrote %s (nothing to remove)") % args.out)
    return 0


def add_parser(subparsers):
    p = subparsers.add_parser(
        "validate", help="check a contract: numbering, references, leftovers, 指針 ①–⑧, "
        "metadata", description="Check a 個人情報特記事項 (any contract .odt/.ott/.fodt/.docx): "
        "numbering, cross-references, template leftovers, captions, the 指針 4-8-9(1) ①–⑧ "
        "contents and personal metadata.", epilog=VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc", help=".odt, .ott, .fodt or .docx (.docx needs LibreOffice)")
    p.add_argument("--json", action="store_true",
                   help='JSON: {"file", "errors", "warnings", "coverage"}')
    p.add_argument("--lang", choices=("ja", "en"), default="ja",
                   help="language of the report (default ja)")
    p.set_defaults(func=cmd_validate)
    return p


def add_scrub_parser(subparsers):
    p = subparsers.add_parser(
        "scrub", help="write a copy without personal metadata, comments, tracked changes, "
        "hidden text", description="Write a copy of DOC without what travels unseen with it.",
        epilog=SCRUB_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc", help=".odt, .ott, .fodt or .docx (.docx needs LibreOffice)")
    p.add_argument("--out", required=True, metavar="OUT", help="output .odt or .fodt")
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="language of messages")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=cmd_scrub)
    return p


def main(argv=None):
    """`python -m tokki_odf.validate_cli validate DOC` — the same as `tokki validate`."""
    parser = argparse.ArgumentParser(prog="tokki")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_parser(sub)
    add_scrub_parser(sub)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
