"""Japanese drafting grammar: numerals, labels of 条/項/号, and pointers (references)."""
