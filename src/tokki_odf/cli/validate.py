"""`tokki validate DOC` and `tokki scrub DOC --out OUT` (argparse sub-commands).

validate exit status: 0 no errors (warnings allowed), 1 errors found,
2 the file cannot be read (one line on stderr, nothing written).
"""
import argparse
import json
import sys

from .. import api
from . import exit

VALIDATE_EPILOG = """examples:
  tokki validate 特記事項.odt
  tokki validate 特記事項.docx --json
  tokki validate contract.fodt --lang en
  tokki validate 特記事項.odt --recognition my-recognition.json

exit status: 0 no errors (warnings are allowed), 1 errors found, 2 the file cannot be read.
Rules and codes: docs/validate.md"""

SCRUB_EPILOG = """removes: author/creator/printed-by names, the template path, user-defined
properties, comments, tracked changes (insertions accepted, deletions dropped: the text
you see is kept), hidden text, hidden paragraphs and hidden sections.
DOC is never modified; OUT is written atomically (.odt or .fodt).

exit status: 0 written, 2 the file cannot be read or OUT cannot be written."""


def cmd_validate(args):
    rec = api.recognition_data(args.recognition)   # read first: a bad file is exit 2
    if args.json:
        report, structure = api.validate_file(args.doc, structure=True, recognition=rec)
        out = report.to_dict(args.doc)
        out["structure"] = structure   # what tokki read
        # one write: json.dump with indent writes each token to the stream (~70,000
        # writes for a 100-page contract's findings)
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        report = api.validate_file(args.doc, recognition=rec)
        sys.stdout.write(api.render_validation(report, args.doc, args.lang, rec))
    return exit.FINDINGS if report.errors else exit.OK


def cmd_scrub(args):
    removed = api.scrub_file(args.doc, args.out)
    if not args.quiet:
        ja = args.lang == "ja"
        if removed:
            print(("%s を書き出しました。取り除いたもの：" if ja else "wrote %s; removed:")
                  % args.out)
            LABELS = api.scrub_labels()
            for what, count in removed.items():
                print("  %s: %d" % (LABELS[what] if ja else what, count))
        else:
            print(("%s を書き出しました（取り除くものはありませんでした）。" if ja
                   else "wrote %s (nothing to remove)") % args.out)
    return exit.OK


def add_parser(subparsers):
    p = subparsers.add_parser(
        "validate", help="check a contract: numbering, references, leftovers, 指針 ①–⑧, "
        "metadata", description="Check a 個人情報特記事項 (any contract .odt/.ott/.fodt/.docx): "
        "numbering, cross-references, template leftovers, captions, the 指針 4-8-9(1) ①–⑧ "
        "contents and personal metadata.", epilog=VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc", help=".odt, .ott, .fodt, .docx (needs LibreOffice) or .txt "
                   "(text pasted from a PDF)")
    p.add_argument("--json", action="store_true",
                   help='JSON: {"file", "errors", "warnings", "coverage", "structure"}')
    p.add_argument("--lang", choices=("ja", "en"), default="ja",
                   help="language of the report (default ja)")
    p.add_argument("--recognition", metavar="FILE.json",
                   help="the phrases the rules recognise and the 指針's item names "
                   "(default the bundled templates/recognition.json; docs/validate.md)")
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
