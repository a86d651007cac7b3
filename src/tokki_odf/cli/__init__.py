"""Command lines: one module per command; exit codes in cli/exit.py."""
