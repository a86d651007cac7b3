"""Headless batch: many contracts from one CSV/JSONL/JSON file to ODT/PDF/DOCX.

- rows.py: read and check the rows (CSV as Excel saves it, JSONL, JSON array);
- pool.py: warm LibreOffice workers (timeout, kill, restart, retry, recycling);
- checks.py: checks every output (reopens, validation, PDF/DOCX metadata);
- summary.py: summary.json and resume hashes;
- run.py: the orchestration; progress.py: tqdm bar or plain lines.

Nothing here imports `uno` at import time (pool.py does when a worker starts).
"""
from .rows import InputError, Row, check_rows, parse_shard, read_rows
from .run import Options, parse_formats, run_batch

__all__ = ["InputError", "Options", "Row", "check_rows", "parse_formats", "parse_shard",
           "read_rows", "run_batch"]
