"""`tokki outline DOC`: the structure tokki read, as an indented list.

Parts (a contract body, then a 別記 numbered from 1 again), articles with their
labels as written and captions, 項, 号 and 号の細分 — the same as the
"structure" of `tokki validate --json`, so a user can see what was read.
exit status: 0 shown (also when no article was found), 2 the file cannot be read.
"""
import argparse
import json
import sys

from .. import api
from . import exit

EPILOG = """examples:
  tokki outline 特記事項.odt
  tokki outline 委託契約書.docx --json
  tokki outline pasted.txt

exit status: 0 shown, 2 the file cannot be read."""


def cmd_outline(args):
    structure, lines = api.read_outline(args.doc, args.lang)
    if args.json:
        json.dump(dict(structure, file=args.doc), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return exit.OK
    ja = args.lang == "ja"
    if not lines:
        lines = ["条が見つかりません（「第1条」「第1」「1　見出し」で始まる段落がありません）。"
                 if ja else "no articles found (no paragraph starts 第1条, 第1 or 「1　見出し」)."]
    sys.stdout.write("\n".join(lines) + "\n")
    return exit.OK


def add_parser(subparsers):
    p = subparsers.add_parser(
        "outline", help="show the structure tokki reads: parts, articles, 項, 号",
        description="Show the structure tokki reads in DOC (.odt/.ott/.fodt/.docx/.txt): "
        "parts, articles (label as written, caption), 項, 号 and 号の細分.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("doc", help=".odt, .ott, .fodt, .docx (needs LibreOffice) or .txt")
    p.add_argument("--json", action="store_true", help='JSON: {"file", "parts": [...]}')
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="language (default ja)")
    p.set_defaults(func=cmd_outline)
    return p
