"""The 新旧対照表 as a flat ODF text document (pure: builds an ElementTree).

As 法制執務 sets it: A4, 明朝 (the bundled templates' font setup: Tokki Mincho =
Noto Serif CJK JP / ＭＳ 明朝 / Yu Mincho / IPAexMincho), one two-column table
改正後 | 改正前 (or 改正前 | 改正後) whose header repeats on every page, one row per
aligned article, the changed passages underlined (傍線) in both columns, article
numbers and captions always kept. An article only in the new text has 「（新設）」 on
the old side; one only in the old text has 「（削る）」 on the new side. With elide,
an article whose wording is unchanged is shown as its caption and 「第N条　（略）」
(its number underlined when it changed).
"""
import re
import xml.etree.ElementTree as ET

from ..odf.namespaces import q
from .diff import SAME, RENUMBERED, ADDED, DELETED, CHANGE, NUMBER

HEADINGS = {"new": "改正後", "old": "改正前"}
NEW_ARTICLE, DELETED_ARTICLE, ELIDED = "（新設）", "（削る）", "（略）"
FONT_FAMILY = "'Noto Serif CJK JP;ＭＳ 明朝;MS Mincho;Yu Mincho;IPAexMincho'"
UNDERLINE = "Tokki_Compare_Underline"
STYLES = {"cell": "Tokki_Compare_Text", "caption": "Tokki_Compare_Caption",
          "item": "Tokki_Compare_Item", "subitem": "Tokki_Compare_SubItem",
          "head": "Tokki_Compare_Heading", "title": "Tokki_Compare_Title",
          "note": "Tokki_Compare_Note"}
_CAPTION = re.compile(r"^[ \u3000]*[（(][^（）()]{1,40}[）)][ \u3000]*$")
_ITEM = re.compile(r"^[ \u3000]*(?:[（(][0-9０-９一二三四五六七八九十]+[）)]|[⑴-⒇])")
_SUBITEM = re.compile(r"^[ \u3000]*(?:[ア-ン][ \u3000]|[（(][ア-ン][）)])")


def _el(parent, name, **attrs):
    el = ET.SubElement(parent, q(name)) if parent is not None else ET.Element(q(name))
    for key, value in attrs.items():
        el.set(q(key.replace("__", ":").replace("_", "-")), value)
    return el


def base_document(title, landscape=False):
    """An empty A4 text document with tokki's 明朝 setup: (flat, office:text)."""
    doc = _el(None, "office:document", office__version="1.3",
              office__mimetype="application/vnd.oasis.opendocument.text")
    meta = _el(doc, "office:meta")
    _el(meta, "meta:generator").text = "tokki-odf compare"
    _el(meta, "dc:title").text = title
    _el(meta, "dc:language").text = "ja-JP"
    fonts = _el(doc, "office:font-face-decls")
    _el(fonts, "style:font-face", style__name="Tokki Mincho", svg__font_family=FONT_FAMILY,
        style__font_family_generic="roman", style__font_pitch="variable")
    styles = _el(doc, "office:styles")
    default = _el(styles, "style:default-style", style__family="paragraph")
    _el(default, "style:paragraph-properties", style__punctuation_wrap="hanging",
        style__line_break="strict", style__writing_mode="lr-tb")
    _el(default, "style:text-properties", style__font_name="Tokki Mincho", fo__font_size="10pt",
        fo__language="ja", fo__country="JP", style__font_name_asian="Tokki Mincho",
        style__font_size_asian="10pt", style__language_asian="ja", style__country_asian="JP",
        style__font_name_complex="Tokki Mincho", style__font_size_complex="10pt")
    std = _el(styles, "style:style", style__name="Standard", style__family="paragraph",
              style__class="text")
    _el(std, "style:paragraph-properties", fo__line_height="140%",
        style__snap_to_layout_grid="false")

    def pstyle(key, **props):
        st = _el(styles, "style:style", style__name=STYLES[key], style__family="paragraph",
                 style__parent_style_name="Standard")
        text = props.pop("text", None)
        _el(st, "style:paragraph-properties", **props)
        if text:
            _el(st, "style:text-properties", **text)

    # hanging indents: wrapped lines start one character (10 pt ≈ 0.353 cm) in
    one = 0.353
    pstyle("cell", fo__margin_left="%.3fcm" % one, fo__text_indent="-%.3fcm" % one)
    pstyle("caption", fo__margin_left="%.3fcm" % one, fo__keep_with_next="always")
    pstyle("item", fo__margin_left="%.3fcm" % (2 * one), fo__text_indent="-%.3fcm" % one)
    pstyle("subitem", fo__margin_left="%.3fcm" % (3 * one), fo__text_indent="-%.3fcm" % one)
    pstyle("head", fo__text_align="center")
    pstyle("title", fo__text_align="center", fo__margin_bottom="0.4cm",
           text={"fo:font-size": "14pt", "style:font-size-asian": "14pt"})
    pstyle("note", fo__margin_top="0.2cm",
           text={"fo:font-size": "9pt", "style:font-size-asian": "9pt"})
    auto = _el(doc, "office:automatic-styles")
    width, height = ("29.7cm", "21cm") if landscape else ("21cm", "29.7cm")
    layout = _el(auto, "style:page-layout", style__name="Tokki_Compare_Page")
    _el(layout, "style:page-layout-properties", fo__page_width=width, fo__page_height=height,
        style__print_orientation="landscape" if landscape else "portrait",
        fo__margin_top="2cm", fo__margin_bottom="1.5cm", fo__margin_left="1.8cm",
        fo__margin_right="1.8cm")
    footer_style = _el(layout, "style:footer-style")
    _el(footer_style, "style:header-footer-properties", fo__min_height="0.6cm",
        fo__margin_top="0.3cm")
    u = _el(auto, "style:style", style__name=UNDERLINE, style__family="text")
    _el(u, "style:text-properties", style__text_underline_style="solid",
        style__text_underline_width="auto", style__text_underline_color="font-color")
    masters = _el(doc, "office:master-styles")
    master = _el(masters, "style:master-page", style__name="Standard",
                 style__page_layout_name="Tokki_Compare_Page")
    footer = _el(master, "style:footer")
    fp = _el(footer, "text:p", text__style_name=STYLES["head"])
    fp.text = "- "
    _el(fp, "text:page-number", text__select_page="current").tail = " -"
    body = _el(_el(doc, "office:body"), "office:text")
    return doc, body


def add_text(p, text, style=None):
    """Append text to paragraph p (line breaks, runs of spaces, tabs as ODF), in a
    text:span of style when given."""
    holder = p
    if style:
        holder = _el(p, "text:span", text__style_name=style)
    last = [None]

    def put(s):
        if not s:
            return
        if last[0] is None and len(holder):
            last[0] = holder[-1]
        if last[0] is None:
            holder.text = (holder.text or "") + s
        else:
            last[0].tail = (last[0].tail or "") + s

    for piece in re.split(r"(\n|\t| {2,})", text):
        if piece == "\n":
            last[0] = _el(holder, "text:line-break")
        elif piece == "\t":
            last[0] = _el(holder, "text:tab")
        elif piece.startswith("  "):
            put(" ")
            last[0] = _el(holder, "text:s", text__c=str(len(piece) - 1))
        else:
            put(piece)
    if style:
        return holder
    return p


def _paragraph_style(text):
    if _CAPTION.match(text):
        return STYLES["caption"]
    if _ITEM.match(text):
        return STYLES["item"]
    if _SUBITEM.match(text):
        return STYLES["subitem"]
    return STYLES["cell"]


def _cell(row_el, side, placeholder, elide):
    cell = _el(row_el, "table:table-cell", table__style_name="Tokki_Compare_Cell",
               office__value_type="string")
    if side is None:
        p = _el(cell, "text:p", text__style_name=STYLES["cell"])
        p.text = placeholder
        return cell
    unit = side.unit
    if elide and unit.number is not None:
        head = 0
        if unit.caption and unit.paragraphs and _CAPTION.match(unit.paragraphs[0]):
            p = _el(cell, "text:p", text__style_name=STYLES["caption"])
            add_text(p, unit.paragraphs[0])
            head = 1
        p = _el(cell, "text:p", text__style_name=STYLES["cell"])
        add_text(p, unit.label, UNDERLINE if side.label_marked(head) else None)
        add_text(p, "\u3000" + ELIDED)
        return cell
    if elide:
        p = _el(cell, "text:p", text__style_name=STYLES["cell"])
        p.text = ELIDED
        return cell
    for text, runs in zip(unit.paragraphs, side.runs):
        p = _el(cell, "text:p", text__style_name=_paragraph_style(text))
        for piece, mark in runs:
            add_text(p, piece, UNDERLINE if mark in (CHANGE, NUMBER) else None)
    return cell


def build_table(comparison, order="new-old", elide=False, title=None, note=None):
    """Flat ODF document of the 新旧対照表 of a Comparison."""
    if order not in ("new-old", "old-new"):
        raise ValueError("order must be new-old or old-new")
    title = title or "新旧対照表"
    doc, body = base_document(title)
    auto = doc.find(q("office:automatic-styles"))
    tstyle = _el(auto, "style:style", style__name="Tokki_Compare_Table", style__family="table")
    _el(tstyle, "style:table-properties", style__width="17.4cm", table__align="margins")
    col = _el(auto, "style:style", style__name="Tokki_Compare_Column",
              style__family="table-column")
    _el(col, "style:table-column-properties", style__column_width="8.7cm",
        style__rel_column_width="1*")
    cell = _el(auto, "style:style", style__name="Tokki_Compare_Cell",
               style__family="table-cell")
    _el(cell, "style:table-cell-properties", fo__padding="0.12cm",
        fo__border="0.5pt solid #000000", style__vertical_align="top")
    tp = _el(body, "text:p", text__style_name=STYLES["title"])
    tp.text = title
    table = _el(body, "table:table", table__name="新旧対照表",
                table__style_name="Tokki_Compare_Table")
    _el(table, "table:table-column", table__style_name="Tokki_Compare_Column",
        table__number_columns_repeated="2")
    sides = ("new", "old") if order == "new-old" else ("old", "new")
    header = _el(_el(table, "table:table-header-rows"), "table:table-row")
    for s in sides:
        c = _el(header, "table:table-cell", table__style_name="Tokki_Compare_Cell",
                office__value_type="string")
        _el(c, "text:p", text__style_name=STYLES["head"]).text = HEADINGS[s]
    for row in comparison.rows:
        tr = _el(table, "table:table-row")
        short = elide and row.kind in (SAME, RENUMBERED)
        for s in sides:
            side = row.new if s == "new" else row.old
            placeholder = DELETED_ARTICLE if s == "new" else NEW_ARTICLE
            _cell(tr, side, placeholder, short)
    if note:
        _el(body, "text:p", text__style_name=STYLES["note"]).text = note
    return doc
