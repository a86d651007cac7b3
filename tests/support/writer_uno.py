"""Reading a document open in LibreOffice the way Writer shows it (UNO test helpers)."""
import shutil


def paragraphs(text):
    """Paragraphs of a text in order, those in table cells included."""
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            yield element
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                yield from paragraphs(element.getCellByName(name))


def content_controls(doc):
    """UNO ContentControl objects in document order, found through text portions."""
    found = []
    for para in paragraphs(doc.getText()):
        portions = para.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType == "ContentControl":
                found.append(portion.ContentControl)
    return found


def control(doc, tag):
    for cc in content_controls(doc):
        if cc.Tag == tag:
            return cc
    raise AssertionError("no content control tagged %r" % tag)


def copy_for_office(path, tmp_path, name=None):
    """Never open repository files in LibreOffice: it leaves .~lock files beside them."""
    return shutil.copy(path, tmp_path / (name or path.name))
