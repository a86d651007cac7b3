"""`tokki report`, `tokki check-report` and `tokki check-template` (registered by cli/main.py).

Exit codes (cli/exit.py): 0 no errors (warnings allowed), 1 errors found, 2 unreadable input.
"""
import json
import sys

from .. import api
from . import exit

REPORT_TEMPLATE = api.REPORT_TEMPLATE + ".fodt"


def _dump(data):
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _status(findings):
    return exit.FINDINGS if any(f.severity == api.ERROR for f in findings) else exit.OK


# -- tokki report -----------------------------------------------------------------

def cmd_report(args):
    api.output_format(args.out)  # refuse a bad output name before any work
    template = api.template_path(args.template or REPORT_TEMPLATE)
    inputs = (template, args.answers)
    api.refuse_overwrite(args.out, inputs)      # F1: never the template or the answers
    flat = api.make_report(api.read_answers(args.answers), template)
    api.write_output(flat, args.out, inputs=inputs)
    if not args.quiet:
        print(args.out)
    return exit.OK


# -- tokki check-report -------------------------------------------------------------

def cmd_check_report(args):
    findings = api.check_report(args.report, answers_path=args.answers,
                                contract_path=args.contract, template=args.template)
    if args.json:
        _dump(api.findings_dict(findings, args.report))
    else:   # messages name the question
        sys.stdout.write(api.render_findings(args.report, findings, where=False))
    return _status(findings)


# -- tokki check-template -------------------------------------------------------------

def cmd_check_template(args):
    kind, findings = api.check_template(args.template)
    if args.json:
        _dump(api.findings_dict(findings, args.template, kind=kind))
    else:
        sys.stdout.write(api.render_findings(args.template, findings))
    return _status(findings)


def add_parsers(sub):
    p = sub.add_parser("report", help="別紙2 遵守報告書 with the contract's header filled in")
    p.add_argument("--answers", required=True, metavar="A.json",
                   help="the contract's answers; contract_no, contract_title (default: "
                        "business_name), contract_date, period, contractor_address, "
                        "contractor_name, representative, contact fill the header")
    p.add_argument("--out", required=True, metavar="REPORT.odt",
                   help="output .odt (or .fodt; .pdf/.docx through LibreOffice)")
    p.add_argument("--template", metavar="FILE",
                   help="report template (default: templates/%s)" % REPORT_TEMPLATE)
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the output path")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("check-report",
                       help="check a filled 遵守報告書 against the contract (exit 1 on errors)")
    p.add_argument("report", help="the report (.odt/.fodt) as the contractor sent it back")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--answers", metavar="A.json", help="the contract's answers")
    source.add_argument("--contract", metavar="CONTRACT.odt",
                        help="the contract (.odt/.fodt, .docx through LibreOffice); its "
                             "（再委託の禁止）/（再委託の制限） article is looked for")
    p.add_argument("--template", metavar="FILE",
                   help="the report template the report was made from, whose properties say "
                        "what its questions mean (default: templates/%s)" % REPORT_TEMPLATE)
    p.add_argument("--json", action="store_true", help="machine-readable findings")
    p.set_defaults(func=cmd_check_report)

    p = sub.add_parser("check-template",
                       help="lint a template: tags, variants, IDs, references, labels "
                            "(exit 1 on errors)")
    p.add_argument("template", help=".fodt, .odt or .ott template (provisions or report)")
    p.add_argument("--json", action="store_true", help="machine-readable findings")
    p.set_defaults(func=cmd_check_template)
