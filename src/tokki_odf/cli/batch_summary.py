"""`tokki batch-summary DIR...`: merge the summaries of a sharded batch into one."""
import argparse
import os
import sys
from .. import api

EPILOG = """Reads every summary-K-of-N.json in the folders given (the shards of one
`tokki batch --shard K/N` or `--shard auto` run, in one shared output folder or one
folder each) and writes one summary.json in the shape of a single run's, rows in file
order, with one total line. Refused (exit 2, naming them): shards of different runs
(template, answers file, formats or options differ), the same shard twice, rows in two
shards, missing shards, a shard that did not finish.

exit status: 0 every row done, 1 some rows failed, 2 the shards do not make one run.

example:
  tokki batch-summary out/            # out/summary-1-of-4.json … summary-4-of-4.json
  tokki batch-summary s1/ s2/ s3/ s4/ -o all/summary.json"""


def add_parser(subparsers):
    p = subparsers.add_parser(
        "batch-summary", help="merge the shard summaries of a batch into one summary.json",
        description="Merge the summaries of the shards of one batch.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("folders", nargs="+", metavar="DIR", help="folders with summary-K-of-N.json")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the merged summary (default: DIR/summary.json of the "
                        "first folder)")
    p.set_defaults(func=cmd_batch_summary)
    return p


def cmd_batch_summary(args):
    summary = api.merge_batch_summaries(args.folders, args.output)
    output = summary.path
    t = summary.totals()
    parts = ["%d done" % t["done"], "%d failed" % t["failed"]]
    if t["skipped"]:
        parts.append("%d skipped" % t["skipped"])
    seconds = summary.header.get("seconds") or 0.0
    made = t["done"]
    rate = " (%.1f docs/s)" % (made / seconds) if made and seconds else ""
    print("tokki batch: %s of %d rows in %d shards, %.1f s%s → %s"
          % (", ".join(parts), t["rows"], len(summary.header["shards"]), seconds, rate, output),
          file=sys.stderr, flush=True)
    return 0 if t["failed"] == 0 else 1
