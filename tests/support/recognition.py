"""The validate rules with the bundled recognition data (templates/recognition.json),
for the tests that call the core directly: core.validate takes the data as a value."""
from tokki_odf.core.validate import validate as core_validate
from tokki_odf.io.recognition import bundled_recognition

REC = bundled_recognition()


def validate(paragraphs, meta=None, recognition=None):
    """core.validate(paragraphs, meta, the bundled Recognition unless one is given)."""
    return core_validate(paragraphs, meta, recognition or REC)
