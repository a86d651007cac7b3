"""`tokki questions`, `tokki assemble`, `tokki text`: a template and answers to a document."""
import argparse
import json
import sys

from .. import api
from . import exit
from .args import positive_int

EPILOG = """examples:
  tokki templates
  tokki questions r5 --json
  tokki assemble r5 --answers answers.json --out 特記事項.odt
  tokki assemble r5 --answers answers.json --out 特記事項.pdf --start-article 25
  tokki text 特記事項.odt

TEMPLATE is a bundled template's name (tokki templates lists them) or a .fodt/.odt/.ott file.
answers are a JSON object, key -> value: choices as option values (or their Japanese
labels), flags as true/false, lists as arrays; keys beginning with $ are ignored.
exit status: 0 ok, 2 bad input — nothing is written then."""


def cmd_questions(args):
    template = api.load_template(args.template)
    questions = [q.to_json() for q in template.questions.values()]
    if args.json:
        json.dump(questions, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return exit.OK
    for q in questions:
        line = "%-20s %-6s %s" % (q["key"], q["kind"], q["label"])
        if q["required"]:
            line += "（必須）"
        print(line)
        for opt in q["options"]:
            mark = "*" if opt["value"] == q["default"] else " "
            print("    %s %-24s %s" % (mark, opt["value"], opt["label"]))
        if q["kind"] in ("flag", "text", "list") and q["default"] not in (None, ""):
            print("      default: %s" % json.dumps(q["default"], ensure_ascii=False))
        if q["when"]:
            print("      asked when: %s" % q["when"])
    return exit.OK


def cmd_assemble(args):
    api.output_format(args.out)  # refuse a bad output name before any work
    inputs = (api.template_path(args.template), args.answers)
    api.refuse_overwrite(args.out, inputs)      # F1: never the template or the answers
    template = api.load_template(args.template)
    answers = api.read_answers(args.answers)
    flat = api.assemble_document(template, answers, args.start_article, where=args.answers,
                                 editable=args.editable)
    api.write_output(flat, args.out, inputs=inputs)
    if not args.quiet:
        print(args.out)
    return exit.OK


def cmd_text(args):
    for line in api.document_text(args.doc):
        print(line.replace("\n", " "))
    return exit.OK


def cmd_templates(args):
    for name, path in api.bundled_templates():
        print("%-8s %s" % (name, path))
    return exit.OK


def add_parsers(sub):
    p = sub.add_parser("questions", help="list a template's questions (JSON with --json)")
    p.add_argument("template", help="bundled template name (r5, h18) or a .fodt, .odt or .ott file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("assemble", help="answers + template -> ODT/FODT/PDF/DOCX")
    p.add_argument("template", help="bundled template name (r5, h18) or a .fodt, .odt or .ott file")
    p.add_argument("--answers", required=True, metavar="FILE.json", help="answers (JSON object)")
    p.add_argument("--out", required=True, metavar="OUT",
                   help="output .odt, .fodt, .pdf or .docx (PDF/DOCX need LibreOffice)")
    p.add_argument("--start-article", type=positive_int, default=1, metavar="N",
                   help="number of the first article (default 1), for provisions placed after "
                        "N-1 articles of a contract")
    p.add_argument("--editable", action="store_true",
                   help="record the template name and answers in the document (tokki:* "
                        "properties) so the Writer extension can assemble it again; "
                        "default: a final document without them")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the output path")
    p.set_defaults(func=cmd_assemble)

    p = sub.add_parser("text", help="document body as plain text, one paragraph per line")
    p.add_argument("doc", help=".odt, .ott or .fodt")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("templates", help="list the bundled templates (names usable as TEMPLATE)")
    p.set_defaults(func=cmd_templates)
