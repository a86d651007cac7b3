"""`tokki batch`: many contracts from one answers file (CSV/JSONL/JSON) to ODT/PDF/DOCX."""
import argparse
import signal
import sys

from .. import api
from .args import positive_float, positive_int

EPILOG = """answers file:
  .csv   first row: id, then question keys (tokki questions TEMPLATE); one contract per row.
         UTF-8 with or without BOM, or CP932 as Excel saves it (detected; --encoding to
         override). Empty cell = the template's default. Lists: items separated by 、 or
         line breaks in the cell. Flags: true/false, はい/いいえ, 1/0. Columns starting
         with $ or # are ignored.
  .jsonl one JSON object per line, .json an array of objects; "id" (or "$id") names the files.

outputs: DIR/<id>.odt|.pdf|.docx, written atomically, and DIR/summary.json (per row:
id, status, outputs, findings, seconds). With --shard K/N only rows K, K+N, K+2N… (by
position in the file) are made and the summary is DIR/summary-K-of-N.json; --shard auto
takes K/N from a Kubernetes Indexed Job, a Slurm array or GNU parallel, and
`tokki batch-summary DIR...` merges the shards' summaries (docs/batch-scale-out.md).

exit status: 0 every row done, 1 some rows failed, 2 nothing could run.

example:
  tokki batch --template templates/tokki-r5.fodt --answers contracts.csv --out out/ \\
      --format odt,pdf --jobs 2"""


def add_parser(subparsers):
    p = subparsers.add_parser(
        "batch", help="many contracts (CSV/JSONL/JSON) -> ODT/PDF/DOCX with warm LibreOffice",
        description="Assemble one document per row of an answers file. Every row is checked "
        "first; a bad row is reported and does not stop the others.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--template", required=True, metavar="T", help=".fodt, .odt or .ott template")
    p.add_argument("--answers", required=True, metavar="FILE", help=".csv, .jsonl or .json")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if needed)")
    p.add_argument("--format", default="odt,pdf", metavar="LIST",
                   help="comma-separated: odt, pdf, docx (default odt,pdf)")
    p.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                   help="LibreOffice workers for PDF/DOCX (default: the number of CPUs)")
    p.add_argument("--resume", action="store_true",
                   help="skip outputs that exist and were made from the same row and template")
    p.add_argument("--shard", metavar="K/N|auto",
                   help="make only part K of N of the rows; auto: K (and N) from the "
                        "scheduler (Kubernetes Indexed Job, Slurm array, GNU parallel)")
    p.add_argument("--shard-count", type=positive_int, default=None, metavar="N",
                   help="with --shard auto: the number of shards when the scheduler does "
                        "not tell it (Kubernetes, GNU parallel; or TOKKI_SHARD_COUNT=N)")
    p.add_argument("--pdfa", action="store_true", help="PDF/A-2b instead of plain PDF")
    p.add_argument("--editable", action="store_true",
                   help="ODT outputs keep what Writer needs to assemble them again "
                        "(default: final documents)")
    p.add_argument("--encoding", metavar="ENC",
                   help="encoding of a CSV (default: UTF-8 or CP932, detected)")
    p.add_argument("--start-article", type=positive_int, default=1, metavar="N",
                   help="number of the first article (default 1)")
    p.add_argument("--timeout", type=positive_float, default=60.0, metavar="S",
                   help="seconds one document may take in LibreOffice before the worker is "
                        "killed and restarted, and the document retried once (default 60)")
    p.add_argument("--recycle", type=positive_int, default=200, metavar="N",
                   help="restart each LibreOffice worker after N documents (default 200)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress; only bad rows and the total line")
    p.set_defaults(func=cmd_batch)
    return p


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt()


def cmd_batch(args):
    opts = api.batch_options(template=args.template, answers=args.answers, out=args.out,
                             formats=args.format, jobs=args.jobs, resume=args.resume,
                             shard=api.batch_shard(args.shard, args.shard_count), pdfa=args.pdfa, editable=args.editable,
                             encoding=args.encoding, start_article=args.start_article,
                             timeout=args.timeout, recycle=args.recycle, quiet=args.quiet)
    # SIGTERM/SIGHUP clean up like Ctrl+C: every LibreOffice ends, temp files go.
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, _raise_interrupt)
    try:
        return api.run_batch(opts, sys.stderr)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
