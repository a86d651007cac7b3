"""Files and hostile input: safe reading, ODF packages, contracts (ODT/FODT/DOCX), scrub."""
