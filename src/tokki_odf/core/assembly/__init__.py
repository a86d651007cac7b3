"""Assembly: answers checked against a template, then assemble (delete, fill, number, refer)."""
