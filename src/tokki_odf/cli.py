"""`tokki` command line: questions, assemble, text (and validate, scrub, batch…).

Exit codes: 0 done, 1 findings (validate), 2 bad input (nothing written).
"""
import argparse
import json
import os
import sys

from . import __version__
from .errors import TokkiError

EPILOG = """examples:
  tokki questions templates/tokki-r5.fodt --json
  tokki assemble templates/tokki-r5.fodt --answers answers.json --out 特記事項.odt
  tokki assemble templates/tokki-r5.fodt --answers answers.json --out 特記事項.pdf --start-article 25
  tokki text 特記事項.odt

answers are a JSON object, key -> value: choices as option values (or their Japanese
labels), flags as true/false, lists as arrays; keys beginning with $ are ignored.
exit status: 0 ok, 1 findings (validate), 2 bad input — nothing is written then."""


def _positive_int(text):
    import unicodedata
    norm = unicodedata.normalize("NFKC", text).strip()
    if not norm.isdigit() or int(norm) < 1:
        raise argparse.ArgumentTypeError("must be a whole number ≥ 1 (got %r)" % text)
    return int(norm)


def cmd_questions(args):
    from .api import load_template
    template = load_template(args.template)
    questions = [q.to_json() for q in template.questions.values()]
    if args.json:
        json.dump(questions, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
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
    return 0


def cmd_assemble(args):
    from .api import load_template, read_answers, assemble_document, write_output, output_format
    output_format(args.out)  # refuse a bad output name before any work
    template = load_template(args.template)
    answers = read_answers(args.answers)
    flat = assemble_document(template, answers, args.start_article, where=args.answers,
                             editable=args.editable)
    write_output(flat, args.out)
    if not args.quiet:
        print(args.out)
    return 0


def cmd_text(args):
    from .api import document_text
    for line in document_text(args.doc):
        print(line.replace("\n", " "))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tokki", description="個人情報特記事項 — assemble and check the personal-information "
        "special provisions of outsourcing contracts.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="tokki-odf " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("questions", help="list a template's questions (JSON with --json)")
    p.add_argument("template", help=".fodt, .odt or .ott template")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser("assemble", help="answers + template -> ODT/FODT/PDF/DOCX")
    p.add_argument("template", help=".fodt, .odt or .ott template")
    p.add_argument("--answers", required=True, metavar="FILE.json", help="answers (JSON object)")
    p.add_argument("--out", required=True, metavar="OUT",
                   help="output .odt, .fodt, .pdf or .docx (PDF/DOCX need LibreOffice)")
    p.add_argument("--start-article", type=_positive_int, default=1, metavar="N",
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

    # Subcommands of the other features register themselves (lazy: their heavy imports
    # happen inside their functions).
    from . import validate_cli, report_cli, batch_cli
    validate_cli.add_parser(sub)
    validate_cli.add_scrub_parser(sub)
    report_cli.add_parsers(sub)
    batch_cli.add_parser(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except TokkiError as exc:
        print("tokki: error: %s" % exc, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("tokki: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("TOKKI_DEBUG"):
            raise
        print("tokki: internal error: %s: %s (set TOKKI_DEBUG=1 for details)"
              % (type(exc).__name__, exc), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
