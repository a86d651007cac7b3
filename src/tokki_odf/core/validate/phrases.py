"""Recognition phrases of the validate rules, kept as data (not scattered regexes).

Collected from the R5/H18 記載例 and from the field corpus (tests/fixtures/field/:
特記事項, 委託基準 and contracts of other issuers). Each entry is a short,
standard legal phrase — how Japanese provisions usually say a thing — never a
sentence of a particular document. coverage.py, captions.py and refcheck.py
read these tables; add a variant here when a real document says it another way.
"""
import re

# -- 指針 4-8-9(1) ①–⑧: (item, part ja, part en, caption words, body phrases, required)
# Body phrases are matched on the article's text without spaces.
COVERAGE = [
    ("1", "秘密保持", "confidentiality",
     ("秘密", "守秘", "従事する者の義務"),
     (r"漏らし", r"秘密を保持", r"秘密を守", r"みだりに他に(?:知らせ|提供)", r"他に漏らし"), True),
    ("1", "目的外利用の禁止", "no use outside the purpose",
     ("目的外",),
     (r"目的以外の目的(?:で|に)(?:利用|使用)", r"目的外に(?:利用|使用)", r"目的以外に(?:利用|使用|使)",
      r"目的以外の(?:使用|利用)", r"以外のいかなる目的(?:にも|に)(?:利用|使用)",
      r"(?:それ|目的)以外の用途に(?:使用|利用)"), True),
    ("2", "再委託の制限又は事前承認", "subcontracting prohibited or approved in advance",
     ("再委託",),
     (r"再委託(?:等)?(?:して|し)?てはならない", r"再委託(?:することが)?できる",
      r"第三者に(?:委託|再委託)してはならない", r"再委託(?:等)?をしてはならない"), True),
    ("3", "複写又は複製の禁止・制限", "limits on copying",
     ("複写", "複製"),
     (r"複写(?:又は|若しくは|、)複製(?:して|を|し)", r"複製してはならない", r"複写し(?:、|又は)",
      r"複写(?:及び|又は)複製"), True),
    ("3", "持ち出しの禁止・制限", "limits on taking out",
     ("持ち出し", "持出"),
     (r"持ち出[しす][^。]{0,10}てはならない",), False),
    ("4", "安全管理措置", "security measures",
     ("安全管理", "安全確保", "セキュリティ", "従事者の管理", "適正管理", "適正な管理",
      "漏えい、滅失及びき損の防止", "漏えい等の防止"),
     (r"安全管理措置", r"管理体制を整備", r"漏えい、滅失(?:及び|又は)(?:き損|毀損)の防止",
      r"適正な管理のために必要な措置", r"安全管理に必要な措置", r"安全(?:の)?確保(?:の|に)[^。]{0,10}措置"),
     True),
    ("5", "漏えい等の事案の発生時の対応", "response to a leak or other incident",
     ("事故", "漏えい等の報告", "事案"),
     (r"漏えい等の事(?:故|案)が(?:発生|生じ)", r"事故が(?:発生|生じ)(?:した|る)", r"事故(?:の|が)[^。]{0,10}(?:おそれ|発生)",
      r"漏えい[^。]{0,20}(?:直ちに|速やかに)[^。]{0,20}報告"), True),
    ("6", "委託終了時の消去・返却", "erasure and return at the end",
     ("返還", "返却", "消去", "廃棄"),
     (r"返還しなければ", r"返却しなければ", r"消去し", r"返還(?:し|す)", r"廃棄しなければ"), True),
    ("7", "契約解除", "termination of the contract",
     ("解除",),
     (r"契約を解除することができる", r"契約(?:の全部又は一部)?を解除(?:し|する)"), True),
    ("7", "損害賠償", "damages",
     ("損害賠償",),
     (r"損害を賠償しなければ", r"賠償する責任", r"損害を賠償する", r"賠償の責めを負"), True),
    ("8", "遵守状況の報告", "reports on compliance",
     ("取扱状況の報告", "遵守状況", "状況報告"),
     (r"遵守状況[^。]*報告", r"取扱(?:い)?状況[^。]*報告"), True),
    ("8", "監督・立入検査・監査", "supervision, inspection and audit",
     ("監督", "立入検査", "調査", "監査", "検査"),
     (r"(?:監督|立入検査|調査|監査|検査)[^。]*応じなければならない", r"(?:調査|検査|監査)(?:し|する)(?:、|ことができる)"),
     True),
]

# A caption word that says the document is (or contains) the provisions themselves.
PROVISIONS_TITLE = re.compile(r"特記事項|個人情報(?:の)?取扱(?:い)?(?:に関する)?(?:特記|条項|仕様)|"
                              r"個人情報保護(?:に関する)?特記|個人情報(?:の)?保護(?:に関する)?(?:条項|特約)")

# 「…の禁止」 captions that are 原則禁止 drafting on purpose.
PRINCIPLE_PROHIBITION = re.compile(r"原則(?:的)?禁止|原則として禁止")
# 「…の制限」 captions that are not half of a 禁止/制限 pair (collect only what is needed …)
NOT_A_PAIR = re.compile(r"(?:収集|取得|保有|利用|作成|保存)(?:等)?の制限")
# A body that bans something
BAN = re.compile(r"てはならない|しないこと|禁止する|禁ずる")

# Ordinary contract clauses outside the personal-information provisions: the
# caption rules and coverage never hold them against the provisions.
ORDINARY_CLAUSES = re.compile(r"権利義務の譲渡|譲渡(?:等)?の禁止|債権譲渡|管轄|準拠法|協議|"
                              r"契約の変更|有効期間|委託料|支払|検査|成果物|著作権|暴力団|談合|"
                              r"疑義|契約保証金|遅延|かし担保|契約不適合")

# -- stale references: what a citing sentence says the cited article is about -----
# The words right after a pointer (前条の費用を請求する, 前条の責任体制と併せて,
# 第6条第1項に基づき再委託する) or, for 「…は、第N条に準ずる」, the subject before it,
# are the cited article's subject; the cited article should mention them.
# Words too general to say what an article is about:
SUBJECT_STOP = frozenset("""
規定 定め 場合 事項 内容 期間 措置 手続 手続き 方法 必要 全部 一部 範囲 趣旨 目的 義務 責任
個人情報 個人 情報 特定個人情報 業務 事務 契約 本契約 委託 受託 甲 乙 受託者 委託者 受注者 発注者
実施機関 当該 同様 行為 違反 対象 ところ 旨 通知 承認 承諾 以下 以上 前項 次項 各号 本文 条 項 号 者 もの こと とき 等 第三者 関係 法令
特記事項 適用 準用 違反 取扱 取扱い 処理 実施 定 規 準
""".split())
# A word and the words an article about the same thing uses instead.
SUBJECT_SYNONYMS = {
    "守秘": ("秘密", "漏らし", "知らせ", "漏えい"),
    "守秘義務": ("秘密", "漏らし", "知らせ", "守秘"),
    "秘密": ("守秘", "漏らし", "知らせ"),
    "秘密保持": ("秘密", "守秘", "漏らし"),
    "再委託": ("再委託", "第三者に委託"),
    "複写": ("複製",), "複製": ("複写",),
    "返還": ("返却", "引き渡"), "返却": ("返還",),
    "安全管理": ("適正管理", "適正な管理", "漏えい", "安全"),
    "保全措置": ("適正管理", "適正な管理", "安全管理", "漏えい", "防止"),
}
# What may follow a pointer before the subject words: 「…の」, 「…に基づき」, 「…により」
SUBJECT_AFTER = re.compile(r"^(?:(?:の規定)?(?:に基づき|に基づいて|により|による|に従い|に従って)|"
                           r"に規定する|に定める|で定める|の(?!規定|定め|場合|とおり))、?")
# 「…は、第N条に準ずる」: the subject is before the pointer
SUBJECT_BEFORE = re.compile(r"^(?:の規定)?(?:に準ずる|に準じ|の例による|の例により|と同様)")
WORD = re.compile(r"[一-龥々〆ヵヶァ-ヺー]{2,}")
