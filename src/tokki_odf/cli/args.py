"""Argument types shared by the commands (full-width digits accepted, as a clerk types them)."""
import argparse
import unicodedata


def positive_int(text):
    norm = unicodedata.normalize("NFKC", text).strip()
    if not norm.isdigit() or int(norm) < 1:
        raise argparse.ArgumentTypeError("must be a whole number ≥ 1 (got %r)" % text)
    return int(norm)


def positive_float(text):
    try:
        value = float(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds (got %r)" % text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be > 0 (got %r)" % text)
    return value
