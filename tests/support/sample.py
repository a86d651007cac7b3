"""Synthetic contracts for the benchmark, the tests and examples/batch (deterministic).

    rows = contracts(200, bad=(37, 151))      # list of dicts, "id" first
    write_csv(rows, "contracts.csv")          # CP932 + CRLF, as Excel saves "CSV (comma delimited)"
    write_jsonl(rows, "contracts.jsonl")

Rows vary every question of templates/tokki-r5.fodt. A bad row has one mistake a
clerk makes: an empty required 業務名, or a choice that is not an option.
"""
import csv
import io
import json

COLUMNS = ["id", "business_name", "client_name", "scope", "provided_items", "collected_items",
           "collected_other", "external_provision", "subcontract", "copying", "removal",
           "computer_processing", "high_risk", "materials", "court"]

_BUSINESS = ["住民情報システム運用保守業務", "介護保険認定調査業務", "保育所入所選考事務支援業務",
             "税務窓口受付業務", "国民健康保険料収納事務業務", "図書館管理運営業務",
             "健康診断結果入力業務", "学童クラブ運営業務", "戸籍システム改修業務",
             "子育て支援アンケート集計業務"]
_CLIENTS = ["豊島区", "練馬区", "文京区", "板橋区"]
_PROVIDED = [["氏名", "住所", "電話番号"], ["氏名", "生年月日", "被保険者番号"],
             ["氏名", "住所", "世帯構成", "課税情報"], ["児童氏名", "保護者氏名", "連絡先"]]
_COLLECTED = [["家族構成", "健康状態"], ["要介護度", "主治医意見"], ["アンケート回答"],
              ["利用者氏名", "利用日時"]]
_SCOPES = ["provided_and_collected", "collected_only", "provided_only"]
_YES = ["はい", "true", "1"]
_NO = ["いいえ", "false", "0"]
_FLAGS = ("collected_other", "computer_processing", "high_risk")


def contract(i):
    """The i-th synthetic contract (0-based) as the answers a clerk would type."""
    scope = _SCOPES[i % 3]
    row = {
        "id": "R5-%04d" % (i + 1),
        "business_name": "%s（その%d）" % (_BUSINESS[i % len(_BUSINESS)], i + 1),
        "client_name": _CLIENTS[i % len(_CLIENTS)],
        "scope": scope,
        "provided_items": "、".join(_PROVIDED[i % len(_PROVIDED)]) if scope != "collected_only"
        else "",
        "collected_items": "\n".join(_COLLECTED[i % len(_COLLECTED)])
        if scope != "provided_only" else "",
        "collected_other": (_YES if i % 4 else _NO)[i % 3] if scope != "provided_only" else "",
        "external_provision": ["prohibit", "restrict"][i % 2],
        "subcontract": ["prohibit", "restrict", "禁止"][i % 3],
        "copying": ["prohibit", "within_spec", "with_approval"][i % 3],
        "removal": ["prohibit", "restrict"][(i // 2) % 2],
        "computer_processing": (_YES if i % 5 else _NO)[i % 3],
        "high_risk": (_NO if i % 7 else _YES)[i % 3],
        "materials": ["return", "return_or_dispose"][(i // 3) % 2],
        "court": "" if i % 6 else "東京地方裁判所",
    }
    return row


def contracts(n, bad=()):
    """n contracts; the rows at the 0-based positions in bad carry one mistake each."""
    rows = [contract(i) for i in range(n)]
    for k, pos in enumerate(bad):
        if k % 2 == 0:
            rows[pos]["business_name"] = ""          # required, left empty
        else:
            rows[pos]["subcontract"] = "一部可"       # not an option
    return rows


def csv_text(rows):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    columns = list(COLUMNS)
    for row in rows:
        columns += [k for k in row if k not in columns]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue()


def write_csv(rows, path, encoding="cp932"):
    """As Excel on a Japanese Windows saves 'CSV (comma delimited)': CP932, CRLF, no BOM,
    quotes only where needed, line breaks inside cells as LF."""
    with open(path, "wb") as fh:
        fh.write(csv_text(rows).encode(encoding))


def write_jsonl(rows, path):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            obj = {}
            for key, value in row.items():
                if value == "":
                    continue
                if key in ("provided_items", "collected_items"):
                    value = [v for v in value.replace("、", "\n").split("\n") if v]
                elif key in _FLAGS:
                    value = value in _YES
                obj[key] = value
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
