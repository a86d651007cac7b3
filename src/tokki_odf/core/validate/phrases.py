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

# What a citing sentence says the cited article is about (stale references).
# (phrase in the citing text just after the pointer, subject words the target must show)
SUBJECTS = [
    (r"^に準(?:ずる|じて)[^。]{0,30}(?:守秘|秘密)", ("秘密", "守秘", "漏らし")),
    (r"^(?:に準(?:ずる|じて))?[^。]{0,6}(?:守秘義務|秘密(?:の)?保持)", ("秘密", "守秘", "漏らし")),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,6}再委託", ("再委託",)),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:複写|複製)", ("複写", "複製")),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:返還|返却|消去)", ("返還", "返却", "消去")),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:報告)", ("報告",)),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:立入検査|調査|監査)",
     ("立入検査", "調査", "監査", "検査")),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:解除)", ("解除",)),
    (r"^(?:の規定)?に(?:基づき|より|よる)[^。]{0,10}(?:損害賠償|賠償)", ("賠償",)),
    (r"^に(?:規定する|定める)[^。]{0,20}(?:保全措置|安全管理措置|安全確保の措置|適正管理)",
     ("安全", "管理", "措置", "防止")),
    (r"^の(?:規定に(?:より|よる)|)[^。]{0,10}(?:届出|届け出)", ("届",)),
]
SUBJECTS = [(re.compile(p), words) for p, words in SUBJECTS]
