"""The frame of an imported template: the bundled templates' styles (no clause text).

Paragraph styles 特記事項表題 … 特記事項注記 as in templates/tokki-r5.fodt
(docs/template-format.md §1); the importer adds the body.
"""

SKELETON = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <meta:generator>tokki-odf import</meta:generator>
 </office:meta>
 <office:font-face-decls>
  <style:font-face style:name="Tokki Mincho" svg:font-family="&apos;Noto Serif CJK JP;ＭＳ 明朝;MS Mincho;Yu Mincho;IPAexMincho&apos;" style:font-family-generic="roman" style:font-pitch="variable"/>
  <style:font-face style:name="Tokki Gothic" svg:font-family="&apos;Noto Sans CJK JP;ＭＳ ゴシック;MS Gothic;Yu Gothic;IPAexGothic&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:punctuation-wrap="hanging" style:line-break="strict" style:writing-mode="lr-tb"/>
   <style:text-properties style:font-name="Tokki Mincho" fo:font-size="10.5pt" fo:language="ja" fo:country="JP" style:font-name-asian="Tokki Mincho" style:font-size-asian="10.5pt" style:language-asian="ja" style:country-asian="JP" style:font-name-complex="Tokki Mincho" style:font-size-complex="10.5pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text">
   <style:paragraph-properties fo:line-height="150%" style:snap-to-layout-grid="false"/>
  </style:style>
  <style:style style:name="特記事項本文" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:line-height="150%"/>
   <style:text-properties style:font-name="Tokki Mincho" fo:font-size="10.5pt" fo:language="ja" fo:country="JP" style:font-name-asian="Tokki Mincho" style:font-size-asian="10.5pt" style:language-asian="ja" style:country-asian="JP" style:font-name-complex="Tokki Mincho" style:font-size-complex="10.5pt"/>
  </style:style>
  <style:style style:name="特記事項表題" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:text-align="center" fo:margin-top="0cm" fo:margin-bottom="0.6cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-size="14pt" style:font-size-asian="14pt" fo:letter-spacing="0.1cm"/>
  </style:style>
  <style:style style:name="特記事項見出し" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="0.37cm" fo:margin-top="0.2cm" fo:margin-bottom="0cm" fo:keep-with-next="always"/>
  </style:style>
  <style:style style:name="特記事項条" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="0.37cm" fo:text-indent="-0.37cm" fo:text-align="justify"/>
  </style:style>
  <style:style style:name="特記事項項" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="0.37cm" fo:text-indent="-0.37cm" fo:text-align="justify"/>
  </style:style>
  <style:style style:name="特記事項号" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="1.2cm" fo:text-indent="-0.83cm" fo:text-align="justify"/>
  </style:style>
  <style:style style:name="特記事項号細分" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="1.94cm" fo:text-indent="-0.74cm" fo:text-align="justify"/>
  </style:style>
  <style:style style:name="特記事項設問" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm" fo:background-color="#dbe9f7" fo:padding="0.1cm" fo:border="0.5pt solid #4a7ab5" fo:keep-with-next="always"/>
   <style:text-properties style:font-name="Tokki Gothic" style:font-name-asian="Tokki Gothic" fo:font-size="9pt" style:font-size-asian="9pt" fo:color="#1f3f6b"/>
  </style:style>
  <style:style style:name="特記事項注記" style:family="paragraph" style:parent-style-name="特記事項本文">
   <style:paragraph-properties fo:margin-left="0.37cm" fo:margin-bottom="0.1cm" fo:background-color="#fff5cc" fo:padding="0.05cm" fo:line-height="130%"/>
   <style:text-properties style:font-name="Tokki Gothic" style:font-name-asian="Tokki Gothic" fo:font-size="8.5pt" style:font-size-asian="8.5pt" fo:color="#6b5200"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm" style:writing-mode="lr-tb"/>
   <style:footer-style>
    <style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/>
   </style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer>
    <text:p text:style-name="Footer">- <text:page-number text:select-page="current">1</text:page-number> -</text:p>
   </style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text/>
 </office:body>
</office:document>
"""
