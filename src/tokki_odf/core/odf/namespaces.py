"""ODF namespaces and ElementTree helpers (standard library only)."""
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "chart": "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
    "dr3d": "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
    "math": "http://www.w3.org/1998/Math/MathML",
    "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "ooo": "http://openoffice.org/2004/office",
    "ooow": "http://openoffice.org/2004/writer",
    "oooc": "http://openoffice.org/2004/calc",
    "dom": "http://www.w3.org/2001/xml-events",
    "xforms": "http://www.w3.org/2002/xforms",
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "rpt": "http://openoffice.org/2005/report",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "grddl": "http://www.w3.org/2003/g/data-view#",
    "tableooo": "http://openoffice.org/2009/table",
    "drawooo": "http://openoffice.org/2010/draw",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
    "field": "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0",
    "formx": "urn:openoffice:names:experimental:ooxml-odf-interop:xmlns:form:1.0",
    "css3t": "http://www.w3.org/TR/css3-text/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}

for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


_CLARK = {}


def q(name: str) -> str:
    """'text:p' -> '{urn:...text:1.0}p' (ElementTree's Clark notation).

    Memoised: the checks call it in their loops, about 3,000 times per document
    (issue 16); the names come from the code, so the table stays small (capped anyway)."""
    try:
        return _CLARK[name]
    except KeyError:
        pass
    prefix, local = name.split(":", 1)
    clark = "{%s}%s" % (NS[prefix], local)
    if len(_CLARK) < 4096:
        _CLARK[name] = clark
    return clark


_PATHS = {}


def clark(path: str) -> str:
    """An ElementPath with prefixes ('office:meta', './/dc:creator') in
    Clark notation, memoised; el.find(clark(p)) finds what el.find(p, NS) finds.

    Faster (issue 16): with a namespaces argument ElementTree sorts the whole prefix
    table for its cache key on every call and always takes the Python path; a plain
    '{uri}local' name is searched in C. Steps are a prefixed name, '.', '..', '*' or
    '' (from '//'); anything else (predicates, attributes) raises ValueError."""
    try:
        return _PATHS[path]
    except KeyError:
        pass
    steps = []
    for step in path.split("/"):
        if step in ("", ".", "..", "*"):
            steps.append(step)
        elif step.count(":") == 1 and not any(c in step for c in "[]@{}()=' \""):
            steps.append(q(step))
        else:
            raise ValueError("clark(): unsupported path step %r in %r" % (step, path))
    out = "/".join(steps)
    if len(_PATHS) < 4096:
        _PATHS[path] = out
    return out


P = q("text:p")
H = q("text:h")
SPAN = q("text:span")
SECTION = q("text:section")
CONTROL = q("loext:content-control")
LIST_ITEM = q("loext:list-item")
STYLE_NAME = q("text:style-name")
NAME = q("text:name")
S = q("text:s")
TAB = q("text:tab")
LINE_BREAK = q("text:line-break")
ANNOTATION = q("office:annotation")
ANNOTATION_END = q("office:annotation-end")
BODY = q("office:body")
TEXT = q("office:text")
