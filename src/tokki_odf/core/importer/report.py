"""The import report: what was recognised, converted and left for a person (pure)."""
from collections import OrderedDict

CODES = OrderedDict([
    ("I-ERRATUM", "誤記の疑い"),
    ("I-REFERENCE", "参照にしなかった参照"),
    ("I-NUMBERING", "番号"),
    ("I-LABELS", "入力どおり残した番号"),
    ("I-PART", "変換しなかった部分"),
    ("I-ALTERNATIVE", "別の表現（※の「次のような表現」）"),
    ("I-SOURCE", "元の文書で読まなかったもの"),
])


class Report:
    def __init__(self, source, name):
        self.source, self.name = source, name
        self.summary = OrderedDict()
        self.articles = []
        self.references = []
        self.externals = []      # 法第66条 …: kept as text
        self.questions = []
        self.notes = []
        self.items = []          # left for a person

    def recognised(self, src, arts, rows, style):
        kinds = [r.kind for r in rows]
        self.summary = OrderedDict([
            ("articles", len(arts)),
            ("paragraphs", kinds.count("paragraph") + kinds.count("article")),
            ("items", kinds.count("item")),
            ("subitems", kinds.count("subitem")),
            ("parts", src.parts),
            ("converted_part", src.part_index + 1),
            ("plain_paragraphs", kinds.count("plain")),
            ("house_style", OrderedDict([("article", "N　見出し" if getattr(src, "form", "") ==
                                          "heading" else "第N" if src.no_jo else "第N条"),
                                         ("digits", style)])),
        ])
        for art in arts:
            self.articles.append(OrderedDict([("label", art.label), ("caption", art.caption),
                                              ("id", art.id)]))
        if src.parts > 1:
            self.review("I-PART", "文書全体",
                        "文書には番号の系列（第1条から始まるまとまり）が%d つあります。%d番目（%s〜）を"
                        "ひな型に変換し、ほかの部分は本文の文字のまま残しました。"
                        % (src.parts, src.part_index + 1, arts[0].label))

    def reference(self, where, text, target, title):
        self.references.append(OrderedDict([("where", where), ("text", text),
                                            ("target", target), ("target_title", title)]))

    def external(self, where, text, excerpt):
        self.externals.append(OrderedDict([("where", where), ("text", text),
                                           ("excerpt", excerpt)]))

    def question(self, key, label, text, where):
        self.questions.append(OrderedDict([("key", key), ("label", label), ("text", text),
                                           ("where", where)]))

    def note(self, where, kind, text):
        self.notes.append(OrderedDict([("where", where), ("kind", kind), ("text", text)]))

    def review(self, code, where, message, excerpt=""):
        self.items.append(OrderedDict([("code", code), ("where", where), ("message", message),
                                       ("excerpt", excerpt)]))

    def to_dict(self):
        alternatives = [n for n in self.notes if n["kind"] == "alternative"]
        return OrderedDict([
            ("source", self.source), ("template", self.name), ("recognised", self.summary),
            ("articles", self.articles), ("references", self.references),
            ("external_references", self.externals),
            ("questions", self.questions), ("notes", self.notes),
            ("alternative_paragraphs", len(alternatives)),
            ("review", self.items),
        ])

    def render(self):
        """The report in Japanese, for the privacy office."""
        s = self.summary
        out = ["ひな型の取込み：%s → %s" % (self.source, self.name), "",
               "■ 認識したもの",
               "  条 %d（%s、%s）、項 %d、号 %d、号の細分 %d、条の外の段落 %d" % (
                   s["articles"], s["house_style"]["article"],
                   {"half": "半角数字", "full": "全角数字", "kanji": "漢数字"}.get(
                       s["house_style"]["digits"], s["house_style"]["digits"]),
                   s["paragraphs"], s["items"], s["subitems"], s["plain_paragraphs"])]
        for art in self.articles:
            out.append("  %s%s → art:%s" % (art["label"], "（%s）" % art["caption"]
                                            if art["caption"] else "", art["id"]))
        out += ["", "■ 参照にした条文中の参照（%d）" % len(self.references)]
        for ref in self.references:
            out.append("  %s「%s」→ ref:%s（%s）" % (ref["where"], ref["text"], ref["target"],
                                                  ref["target_title"]))
        if self.externals:
            out += ["", "■ 法令・他の文書の条の引用（番号は変えず文字のまま）（%d）" % len(self.externals),
                    "  " + "、".join("%s「%s」" % (e["where"], e["text"])
                                    for e in self.externals[:20])
                    + ("ほか" if len(self.externals) > 20 else "")]
        out += ["", "■ 記入欄にしたもの（%d）" % len(self.questions)]
        for qq in self.questions:
            out.append("  %s「%s」→ 設問 %s（既定値は原文の「%s」）" % (
                qq["where"], qq["label"], qq["key"], qq["text"]))
        notes = [n for n in self.notes if n["kind"] == "note"]
        alternatives = [n for n in self.notes if n["kind"] == "alternative"]
        out += ["", "■ 注記として残したもの（組み立てた文書には出ません）（※ %d、別の表現の段落 %d）"
                % (len(notes), len(alternatives))]
        for n in self.notes:
            mark = "※" if n["kind"] == "note" else "  別表現"
            out.append("  %s %s：%s" % (mark, n["where"], _short(n["text"])))
        if alternatives:
            out.append("  → 別の表現は Writer で if: セクション（選択肢）にしてください"
                       "（docs/ja/template-guide.md）。")
        out += ["", "■ 確認が必要なもの（%d）" % len(self.items)]
        for code, title in CODES.items():
            group = [i for i in self.items if i["code"] == code]
            if not group:
                continue
            out.append("  【%s】" % title)
            for item in group:
                out.append("  - %s：%s" % (item["where"], item["message"]))
                if item["excerpt"]:
                    out.append("      …%s…" % item["excerpt"])
        if not self.items:
            out.append("  なし")
        return "\n".join(out) + "\n"


def _short(text, n=50):
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"
