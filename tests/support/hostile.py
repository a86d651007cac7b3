"""Builders of the hostile and careless inputs of the robustness probe (F1–F30), each
as the robustness probe report (issue 11) wrote its reproduction."""
import base64
import io
import json
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
R5 = REPO / "templates" / "tokki-r5.fodt"
REPORT = REPO / "templates" / "report-r5.fodt"
TITLE = '<text:p text:style-name="特記事項表題">個人情報特記事項</text:p>'
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/"
                       "pLvAAAAAElFTkSuQmCC")
NS_EXTRA = ('xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
            'xmlns:ooo="http://openoffice.org/2004/office" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
            'xmlns:dom="http://www.w3.org/2001/xml-events"')


def r5_text():
    return R5.read_text(encoding="utf-8")


def write(path, text):
    Path(path).write_text(text, encoding="utf-8")
    return str(path)


def answers(path, obj):
    Path(path).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _with_ns(s):
    return s.replace('office:version="1.3"', 'office:version="1.3" ' + NS_EXTRA, 1)


def hidden_template(path):
    """F3: a hidden section and a section hidden by a condition, with internal notes."""
    s = r5_text().replace(TITLE, TITLE + (
        '<text:section text:name="memo" text:display="none"><text:p>内部メモ：この業者は過去に'
        '漏えい事故あり</text:p></text:section><text:section text:name="memo2" '
        'text:display="condition" text:condition="ooow:1"><text:p>条件付き非表示メモ：担当 山田'
        '</text:p></text:section>'), 1)
    return write(path, s)


def tracked_template(path):
    """F8: a ひな型 revised with change tracking on."""
    tc = ('<text:tracked-changes><text:changed-region text:id="ct9"><text:deletion>'
          '<office:change-info><dc:creator>保護係 山田</dc:creator><dc:date>2024-03-01T09:00:00'
          '</dc:date></office:change-info><text:p>旧文言：再委託は自由とする</text:p></text:deletion>'
          '</text:changed-region></text:tracked-changes>')
    s = r5_text().replace("<office:text>", "<office:text>" + tc, 1).replace(
        "関係法令及び本個人情報", '関係法令及び<text:change text:change-id="ct9"/>本個人情報', 1)
    return write(path, s)


SETTINGS = ('<office:settings><config:config-item-set config:name="ooo:configuration-settings">'
            '<config:config-item config:name="PrinterName" config:type="string">\\\\PRINTSRV01\\'
            '個人情報保護係-山田のプリンタ</config:config-item>'
            '<config:config-item config:name="PrinterSetup" config:type="base64Binary">'
            'Q09NUFVURVI9WUFNQURBLVBD</config:config-item>'
            '<config:config-item config:name="CurrentDatabaseDataSource" config:type="string">'
            '住民DB-山田</config:config-item></config:config-item-set></office:settings>')


def settings_template(path):
    """F16: the template's settings.xml names a printer."""
    s = _with_ns(r5_text()).replace("<office:font-face-decls>", SETTINGS +
                                    "<office:font-face-decls>", 1)
    return write(path, s)


def hostile_template(path, server="http://127.0.0.1:8765"):
    """F10: Basic macro, event listeners, a macro link, execute-macro, an external picture,
    a style background from the network, OLE, a linked section, DDE, external links."""
    scripts = (
        '<office:scripts><office:script script:language="ooo:Basic"><ooo:libraries>'
        '<ooo:library-embedded ooo:name="Standard"><ooo:module ooo:name="Module1">'
        '<ooo:source-code>Sub Main\nShell("/usr/bin/touch", 0, "/tmp/PWNED")\nEnd Sub\n'
        '</ooo:source-code></ooo:module></ooo:library-embedded></ooo:libraries></office:script>'
        '<office:event-listeners><script:event-listener script:language="ooo:script" '
        'script:event-name="office:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main'
        '?language=Basic&amp;location=document" xlink:type="simple"/></office:event-listeners>'
        '</office:scripts>')
    inline = (
        '<draw:frame draw:name="i0" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
        '<draw:image xlink:href="%(s)s/beacon.png" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame>'
        '<draw:frame draw:name="i1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
        '<draw:image xlink:href="file:///etc/passwd" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame>'
        '<draw:frame draw:name="o1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
        '<draw:object xlink:href="%(s)s/obj.odg" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame>'
        '<text:a xlink:type="simple" xlink:href="vnd.sun.star.script:Standard.Module1.Main?'
        'language=Basic&amp;location=document"><office:event-listeners><script:event-listener '
        'script:language="ooo:script" script:event-name="dom:mouseover" xlink:href="vnd.sun.'
        'star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
        '</office:event-listeners>マクロ</text:a>'
        '<text:execute-macro text:name="Main">実行</text:execute-macro>'
        '<text:a xlink:type="simple" xlink:href="%(s)s/phish">リンク</text:a>'
        '<text:dde-connection text:connection-name="dde1">DDE値</text:dde-connection>'
    ) % {"s": server}
    sections = ('<text:dde-connection-decls><text:dde-connection-decl office:name="dde1" '
                'office:dde-application="soffice" office:dde-topic="file:///etc/passwd" '
                'office:dde-item="x" office:automatic-update="true"/></text:dde-connection-decls>'
                '<text:section text:name="linked"><text:section-source xlink:href="%s/sec.txt" '
                'xlink:type="simple"/><text:p>キャッシュ</text:p></text:section>' % server)
    s = _with_ns(r5_text())
    s = s.replace("<office:font-face-decls>", scripts + "<office:font-face-decls>", 1)
    s = s.replace(TITLE, TITLE.replace("個人情報特記事項<", "個人情報特記事項" + inline + "<"), 1)
    s = s.replace("<office:text>", "<office:text>" + sections, 1)
    bg = ('<style:style style:name="bgpara" style:family="paragraph"><style:paragraph-properties>'
          '<style:background-image xlink:href="%s/bg-style.png" xlink:type="simple" '
          'xlink:actuate="onLoad"/></style:paragraph-properties></style:style>' % server)
    s = s.replace("</office:automatic-styles>", bg + "</office:automatic-styles>", 1)
    return write(path, s)


def picture_template(path):
    """F6: an .odt template with Pictures/logo.png in its title (mkpic.py)."""
    from tokki_odf.io.package import flat_from_bytes, odt_bytes
    s = _with_ns(r5_text())
    s = s.replace(TITLE, '<text:p text:style-name="特記事項表題"><draw:frame draw:name="logo" '
                  'text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image '
                  'xlink:href="Pictures/logo.png" xlink:type="simple" xlink:show="embed" '
                  'xlink:actuate="onLoad"/></draw:frame>個人情報特記事項</text:p>', 1)
    zin = zipfile.ZipFile(io.BytesIO(odt_bytes(flat_from_bytes(s.encode(), "x"))))
    with zipfile.ZipFile(str(path), "w") as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "META-INF/manifest.xml":
                data = data.replace(b"</manifest:manifest>", b'<manifest:file-entry manifest:'
                                    b'full-path="Pictures/logo.png" manifest:media-type='
                                    b'"image/png"/></manifest:manifest>')
            z.writestr(info, data, compress_type=info.compress_type)
        z.writestr("Pictures/logo.png", PNG)
    return str(path)


def _annotation(who):
    return ('<office:annotation><dc:creator>%s</dc:creator><dc:date>2024-02-02T10:00:00</dc:date>'
            '<text:p>%sのコメント</text:p></office:annotation>' % (who, who))


DIRTY_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" office:version="1.3" '
    'office:mimetype="application/vnd.oasis.opendocument.text"')


def dirty_document(path):
    """F7, F9, F25 (mkdirty.py): names in free-text properties, settings with a printer
    and a data source, comments in the header, a footnote, a frame and the body, ○○ in
    the footnote, the frame and the footer, author fields, an embedded picture."""
    png = base64.b64encode(PNG).decode("ascii")
    doc = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document %s>
 <office:meta><dc:creator>山田太郎</dc:creator><dc:description>担当 高橋次郎 090-1234-5678</dc:description><meta:keyword>高橋次郎</meta:keyword><dc:subject>高橋次郎の件</dc:subject></office:meta>
 %s
 <office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/></style:page-layout></office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>ヘッダ%s<text:author-name>ヘッダ作者G</text:author-name></text:p></style:header><style:footer><text:p>フッタ ○○ <text:initial-creator>作成者佐藤花子</text:initial-creator></text:p></style:footer>
 </style:master-page></office:master-styles>
 <office:body><office:text><text:p>（目的）</text:p>
  <text:p>第1条　乙は、個人情報を適正に取り扱わなければならない。<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注 ○○ %s</text:p></text:note-body></text:note><draw:frame draw:name="f1" text:anchor-type="as-char" svg:width="3cm" svg:height="1cm"><draw:text-box><text:p>枠 ○○ %s</text:p></draw:text-box></draw:frame>%s<draw:frame draw:name="seal" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image><office:binary-data>%s</office:binary-data></draw:image></draw:frame></text:p>
 </office:text></office:body></office:document>''' % (
        DIRTY_NS, SETTINGS.replace("個人情報保護係-山田のプリンタ", "経理課-山田"),
        _annotation("ヘッダ担当F"), _annotation("脚注担当D"), _annotation("枠担当E"),
        _annotation("本文担当C"), png)
    return write(path, doc)


def with_versions(odt_path, out_path):
    """F9: an .odt with VersionList.xml and Versions/Version1 (an old copy)."""
    zin = zipfile.ZipFile(str(odt_path))
    # read everything first: writestr(info) updates the sizes of the ZipInfo it is given,
    # which zin reads the member with
    members = [(info, zin.read(info.filename)) for info in zin.infolist()]
    content = zin.read("content.xml")
    with zipfile.ZipFile(str(out_path), "w") as z:
        for info, data in members:
            z.writestr(info, data, compress_type=info.compress_type)
        z.writestr("VersionList.xml", '<?xml version="1.0" encoding="UTF-8"?><VL:version-list '
                   'xmlns:VL="http://openoffice.org/2001/versions-list" xmlns:dc="http://purl.org'
                   '/dc/elements/1.1/"><VL:version-entry VL:title="Version1" VL:comment="旧版" '
                   'dc:creator="山田太郎" dc:date-time="2024-01-01T00:00:00"/></VL:version-list>')
        z.writestr("Versions/Version1", content)
    return str(out_path)


def kanji_template(path):
    """F26: kanji house style (第一条)."""
    s = r5_text().replace('<text:p text:style-name="特記事項条">第1条　',
                          '<text:p text:style-name="特記事項条">第一条　', 1)
    return write(path, s)


def utf16_dtd(fodt_text, path):
    """F11: a UTF-16LE flat ODT without BOM with an internal entity."""
    s = fodt_text.split("\n", 1)[1]
    s = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE office:document [<!ENTITY a '
         '"ENTITY-EXPANDED○○">]>' + s.replace("の受託事業者", "&a;の受託事業者", 1))
    Path(path).write_bytes(s.encode("utf-16-le"))
    return str(path)
