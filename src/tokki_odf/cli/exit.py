"""Exit codes of every `tokki` command, in one place (pipx-style named codes).

    OK           0  done; no errors found
    FINDINGS     1  done, and errors were found (validate, check-*, compare) or rows failed (batch)
    BAD_INPUT    2  bad input or an impossible environment: one line says why; nothing written
    INTERNAL     3  a bug in tokki (never expected; the message asks for TOKKI_DEBUG=1)
    INTERRUPTED 130 Ctrl+C or SIGTERM: nothing half-written is left
"""
OK = 0
FINDINGS = 1
BAD_INPUT = 2
INTERNAL = 3
INTERRUPTED = 130
