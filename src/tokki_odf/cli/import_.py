"""`tokki import HINAGATA --out TEMPLATE.fodt`: a municipality's ひな型 -> a tokki template.

(The module is import_.py because `import` is a Python keyword.)
"""
import argparse
import json
import sys

from . import exit

EPILOG = """examples:
  tokki import 特記事項ひな型.docx --out 特記事項.fodt
  tokki import hinagata.txt --out mycity.fodt --title 個人情報取扱特記事項 --json

HINAGATA: .docx, .odt, .fodt, .ott or .txt (text pasted from a PDF; UTF-8 or Shift_JIS).
The report (Japanese; JSON with --json) lists what was recognised, every reference made a
ref: control and its target, the questions and notes, and what a person must check.
Then: tokki check-template TEMPLATE.fodt; open it in Writer to add variants.
exit status: 0 written, 2 bad input (nothing written)."""


def cmd_import(args):
    from ..api import import_template
    _flat, data, text = import_template(args.hinagata, out=args.out, name=args.name,
                                        title=args.title)
    if args.json:
        data["out"] = args.out
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text)
        sys.stdout.write("\n書き出したテンプレート：%s\n" % args.out)
    return exit.OK


def add_parser(sub):
    p = sub.add_parser(
        "import", help="make a tokki template from an existing ひな型 (.docx/.odt/.fodt/.txt)",
        description="Turn a municipality's own 特記事項 ひな型 into a tokki template: art: "
        "sections, ref: references, questions for ○○ blanks, ※ notes.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("hinagata", metavar="HINAGATA", help=".docx, .odt, .fodt, .ott or .txt")
    p.add_argument("--out", required=True, metavar="TEMPLATE.fodt",
                   help="the template to write (.fodt or .odt)")
    p.add_argument("--name", help="template name used in the report (default: OUT's file name)")
    p.add_argument("--title", help="document title (default: the ひな型's 特記事項 title line)")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.set_defaults(func=cmd_import)
    return p
