"""Article IDs from captions: a fixed table kept as data (never guessed per run).

The ID of an imported article is looked up by its caption (brackets and spaces
removed, NFKC): first an exact caption, then the first keyword of KEYWORDS that
the caption contains. An unknown caption gets `artN` (N = its position in the
ひな型). IDs are unique: a second article with the same ID gets `_2`, `_3`…
Edit this table, not the importer, to teach it a new caption.
"""
import re
import unicodedata

# Exact captions (as in the 豊島区 記載例 and common ひな型).
CAPTIONS = {
    "基本的責務": "basic",
    "基本的事項": "basic",
    "秘密の保持": "secrecy",
    "秘密保持": "secrecy",
    "個人情報に関する秘密保持": "secrecy",
    "再委託の禁止": "subcontract",
    "再委託の制限": "subcontract",
    "目的外利用の禁止": "purpose_use",
    "目的外利用等の禁止": "purpose_use",
    "目的外利用・提供の禁止": "purpose_use",
    "目的外利用及び外部提供の禁止": "purpose_use",
    "複写・複製の禁止": "copying",
    "複写又は複製の禁止": "copying",
    "複写及び複製の禁止": "copying",
    "複写等の禁止": "copying",
    "返還": "return",
    "資料等の返還": "return",
    "資料等の返還義務": "return",
    "資料等の返還等": "return",
    "取り扱う個人情報の範囲等": "scope",
    "外部提供の禁止": "disclosure",
    "収集の制限": "collection",
    "適正管理": "safekeeping",
    "安全管理措置": "safety_measures",
    "持ち出しの禁止": "removal",
    "事故発生時の対応": "incident",
    "事故発生時における報告": "incident",
    "契約解除": "termination",
    "契約の解除": "termination",
    "損害賠償": "damages",
    "管轄裁判所": "court",
    "準拠法": "governing_law",
    "趣旨": "purpose",
    "目的": "purpose",
    "定義": "definitions",
}

# (keyword, id) in order: the first keyword a caption contains decides.
KEYWORDS = (
    ("再委託", "subcontract"),
    ("目的外", "purpose_use"),
    ("複写", "copying"), ("複製", "copying"),
    ("返還", "return"),
    ("秘密", "secrecy"),
    ("基本的", "basic"),
    ("範囲", "scope"),
    ("収集", "collection"),
    ("持ち出", "removal"), ("持出", "removal"),
    ("外部提供", "disclosure"), ("提供", "disclosure"),
    ("漏えい", "leak_prevention"), ("漏洩", "leak_prevention"),
    ("事故", "incident"),
    ("安全管理", "safety_measures"), ("適正管理", "safekeeping"), ("管理", "safekeeping"),
    ("従事者", "staff"), ("従業者", "staff"), ("業務体制", "staff"),
    ("周知", "awareness"), ("教育", "training"), ("研修", "training"),
    ("立入", "inspection"), ("調査", "inspection"), ("検査", "inspection"),
    ("監査", "audit"), ("監督", "supervision"),
    ("報告", "status_report"), ("届出", "notification"),
    ("解除", "termination"),
    ("損害", "damages"), ("賠償", "damages"),
    ("廃棄", "disposal"), ("消去", "disposal"),
    ("管轄", "court"), ("準拠法", "governing_law"),
    ("定義", "definitions"), ("用語", "definitions"),
    ("趣旨", "purpose"), ("目的", "purpose"),
    ("選定", "selection"), ("留意", "considerations"),
    ("委託", "outsourcing"),
    ("協議", "consultation"),
    ("期間", "term"), ("秘匿", "secrecy"),
)

_BRACKETS = re.compile(r"[（）()\s　「」]")


def caption_key(caption):
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", caption or ""))


def article_id(caption, position, used):
    """The ID for the article at `position` (1-based) with this caption; `used` is
    the set of IDs taken so far (updated)."""
    key = caption_key(caption)
    base = CAPTIONS.get(key)
    if base is None and key:
        base = next((ident for word, ident in KEYWORDS if word in key), None)
    if base is None:
        base = "art%d" % position
    ident, n = base, 2
    while ident in used:
        ident = "%s_%d" % (base, n)
        n += 1
    used.add(ident)
    return ident


# A blank's question key from the word before it (○○業務 → business_name): the names
# the bundled templates use, so an imported template answers the same JSON.
LABEL_KEYS = {"業務": "business_name", "業務名": "business_name", "甲": "client_name",
              "委託者": "client_name", "受託者": "contractor_name", "乙": "contractor_name"}
