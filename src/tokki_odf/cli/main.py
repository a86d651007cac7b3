"""`tokki`: the parser of every command and the one mapping from errors to exit codes.

Each command lives in its own module (assemble, validate, report, batch) and
registers its sub-parser here; the exit codes are named in cli/exit.py.
"""
import argparse
import os
import sys

from .. import api
from ..api import __version__
from ..errors import TokkiError
from . import assemble, batch, batch_summary, compare, exit, outline, report, validate
from . import import_

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
    outline.add_parser(sub)
    report.add_parsers(sub)
    batch.add_parser(sub)
    compare.add_parser(sub)
    import_.add_parser(sub)
    batch_summary.add_parser(sub)
    return parser


def _terminate(signum, frame):
    raise KeyboardInterrupt()


def _on_sigterm():
    """SIGTERM ends a command the way Ctrl+C does: every finally runs, so temporary
    folders and soffice go with it (F19). Only in the main thread of a CLI run."""
    import signal
    import threading
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        try:
            if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
                signal.signal(signal.SIGTERM, _terminate)
        except (ValueError, OSError):
            pass


def main(argv=None):
    _on_sigterm()
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
    except RecursionError:
        print("%s: error: the input is nested too deeply to be a real document or answers"
              % prefix, file=sys.stderr)
        return exit.BAD_INPUT
    except OSError as exc:
        problem = api.write_problem(exc)     # F18: full disk, read-only folder: bad input
        if problem is None:
            raise_internal = exc
        else:
            print("%s: error: %s" % (prefix, problem), file=sys.stderr)
            return exit.BAD_INPUT
        if os.environ.get("TOKKI_DEBUG"):
            raise
        print("%s: internal error: %s: %s (set TOKKI_DEBUG=1 for details)"
              % (prefix, type(raise_internal).__name__, raise_internal), file=sys.stderr)
        return exit.INTERNAL
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("TOKKI_DEBUG"):
            raise
        print("%s: internal error: %s: %s (set TOKKI_DEBUG=1 for details)"
              % (prefix, type(exc).__name__, exc), file=sys.stderr)
        return exit.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
