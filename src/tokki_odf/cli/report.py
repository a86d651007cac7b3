"""`tokki report`, `tokki check-report` and `tokki check-template` (registered by cli.py).

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 unreadable input.
"""
import copy
import json
import os
import sys

from ..errors import TokkiError

REPORT_TEMPLATE = "report-r5.fodt"

LABEL = {"error": ("エラー", "error"), "warning": ("警告", "warning")}


def bundled_template(name):
    from ..api import template_path
    return template_path(name)


def _print_findings(file, findings, where_of, out=None):
    out = out or sys.stdout
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    out.write("%s: エラー %d件、警告 %d件 / %d error(s), %d warning(s)\n"
              % (file, len(errors), len(warnings), len(errors), len(warnings)))
    for f in errors + warnings:
        ja, en = LABEL[f.severity]
        where = where_of(f)
        out.write("  %s [%s]%s %s\n" % (ja, f.code, " " + where if where else "", f.message))
        out.write("    %s: %s\n" % (en, f.message_en))
    if not findings:
        out.write("  問題は見つかりませんでした。 / No problems found.\n")


def _dump(data):
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- tokki report -----------------------------------------------------------------

def cmd_report(args):
    from ..api import read_answers, write_output, output_format
    from ..io.package import load_flat
    from ..core.compliance import fill_header, clean_meta
    from ..io.input import refuse_overwrite
    output_format(args.out)  # refuse a bad output name before any work
    template = bundled_template(args.template or REPORT_TEMPLATE)
    refuse_overwrite(args.out, (template, args.answers))      # F1
    answers = read_answers(args.answers)
    flat = copy.deepcopy(load_flat(template))
    values = fill_header(flat, answers)
    clean_meta(flat, values.get("report.contract_title", ""))
    write_output(flat, args.out, inputs=(template, args.answers))
    if not args.quiet:
        print(args.out)
    return 0


# -- tokki check-report -------------------------------------------------------------

def cmd_check_report(args):
    from ..api import read_answers
    from ..io.package import load_flat
    from ..core.compliance import (read_report, check, findings_json, answers_forbid_subcontracting,
                         contract_forbids_subcontracting)
    data = read_report(load_flat(args.report), args.report)
    answers = None
    if args.answers:
        answers = read_answers(args.answers)
        forbids, source = answers_forbid_subcontracting(answers)
        source = "%s: %s" % (os.path.basename(args.answers), source)
    else:
        # what a reader sees (hidden text left out); .docx through LibreOffice
        from ..io.contract import read_document
        paragraphs, _meta = read_document(args.contract)
        forbids, source = contract_forbids_subcontracting(paragraphs)
    findings = check(data, forbids, source, answers)
    if args.json:
        _dump(findings_json(findings, args.report))
    else:
        _print_findings(args.report, findings, lambda f: "")  # messages name the question
    return 1 if any(f.severity == "error" for f in findings) else 0


# -- tokki check-template -------------------------------------------------------------

def cmd_check_template(args):
    from collections import OrderedDict
    from ..io.package import load_flat
    from ..core.lint import Linter, ERROR, WARNING
    from ..core.lint import Problem
    from ..core.validate.security import template_problems
    flat = load_flat(bundled_template(args.template))
    linter = Linter(flat, args.template)
    order = {ERROR: 0, WARNING: 1}
    found = list(linter.run()) + [Problem(code, sev, args.template, ja, en, excerpt)
                                  for code, sev, ja, en, excerpt in template_problems(flat)]
    problems = sorted(found, key=lambda p: order[p.severity])
    if args.json:
        _dump(OrderedDict([
            ("file", args.template), ("kind", linter.kind),
            ("errors", [p.to_dict() for p in problems if p.severity == ERROR]),
            ("warnings", [p.to_dict() for p in problems if p.severity == WARNING])]))
    else:
        _print_findings(args.template, problems, lambda p: p.where)
    return 1 if any(p.severity == ERROR for p in problems) else 0


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
    p.add_argument("--json", action="store_true", help="machine-readable findings")
    p.set_defaults(func=cmd_check_report)

    p = sub.add_parser("check-template",
                       help="lint a template: tags, variants, IDs, references, labels "
                            "(exit 1 on errors)")
    p.add_argument("template", help=".fodt, .odt or .ott template (provisions or report)")
    p.add_argument("--json", action="store_true", help="machine-readable findings")
    p.set_defaults(func=cmd_check_template)
