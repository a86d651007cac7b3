"""`tokki`: the parser of every command and the one mapping from errors to exit codes.

Each command lives in its own module (assemble, validate, report, batch) and
registers its sub-parser here; the exit codes are named in cli/exit.py.
"""
import argparse
import os
import sys

from .. import __version__
from ..errors import TokkiError
from . import assemble, batch, batch_summary, exit, report, validate

EPILOG = assemble.EPILOG.replace("exit status: 0 ok, 2 bad input",
                                 "exit status: 0 ok, 1 findings, 2 bad input, 3 internal error, "
                                 "130 interrupted; 2")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tokki", description="個人情報特記事項 — assemble and check the personal-information "
        "special provisions of outsourcing contracts.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version="tokki-odf " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    assemble.add_parsers(sub)
    validate.add_parser(sub)
    validate.add_scrub_parser(sub)
    report.add_parsers(sub)
    batch.add_parser(sub)
    batch_summary.add_parser(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return exit.BAD_INPUT
    prefix = "tokki %s" % args.command if args.command else "tokki"
    try:
        return args.func(args)
    except TokkiError as exc:
        print("%s: error: %s" % (prefix, str(exc)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("%s: interrupted" % prefix, file=sys.stderr)
        return exit.INTERRUPTED
    except BrokenPipeError:
        return exit.OK
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("TOKKI_DEBUG"):
            raise
        print("%s: internal error: %s: %s (set TOKKI_DEBUG=1 for details)"
              % (prefix, type(exc).__name__, exc), file=sys.stderr)
        return exit.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
