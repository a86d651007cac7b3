"""作成・更新 on provisions inserted into a contract, as a clerk does it: a visible Writer
on Xvfb, the cursor put in the inserted block, the toolbar button clicked, one answer
changed with the keyboard, OK; then Ctrl+Z (issue 13, item 3).

Needs DISPLAY (python3 build.py test starts Xvfb), xdotool and ImageMagick.
"""
import os

import pytest

from support.extension_support import example, oxt  # noqa: F401
from test_extension_update import (SIGNATURE, contract_paragraphs, expected_block, insert,
                                   make_contract, read, top_paragraphs)

pytestmark = [pytest.mark.office, pytest.mark.gui]


@pytest.fixture(scope="module")
def gui(oxt):
    if not os.environ.get("DISPLAY"):
        pytest.skip("no DISPLAY (python3 build.py test runs the GUI tests under Xvfb)")
    from support.extension_gui import Gui, missing_tools
    if missing_tools():
        pytest.skip("missing %s" % ", ".join(missing_tools()))
    g = Gui(oxt)
    yield g
    g.close()


def test_update_button_in_the_inserted_block_reassembles_it(gui, tmp_path):
    from tokki_odf.core.drafting import numerals
    doc = gui.open_blank()
    try:
        contract = contract_paragraphs(numerals.FULL)
        make_contract(doc, contract, [SIGNATURE])
        standard = example("r5-standard.json")
        ok, message = insert(gui.host, doc, standard)
        assert ok, message
        first = [p.getString() for p in top_paragraphs(doc)]
        # the cursor in the block (in 第２３条), then 作成・更新
        para = top_paragraphs(doc)[len(contract) + 12]
        doc.getCurrentController().getViewCursor().gotoRange(para.getStart(), False)
        gui.press(doc, "assemble")
        win = gui.wait_window("個人情報特記事項 — 作成・更新")
        assert win, "no dialog; log:\n" + gui.host.tokki_log()
        gui.screenshot(str(tmp_path / "update-dialog.png"), win)
        # 業務名 has the focus; 再委託 is the 8th question: 禁止 -> 制限
        gui.key(*(["Tab"] * 7))
        gui.key("Down")
        gui.key("Return")
        assert gui.wait_gone("個人情報特記事項 — 作成・更新")
        answers = {k: v for k, v in read(standard).items() if not k.startswith("$")}
        answers["subcontract"] = "restrict"
        block = expected_block(contract, answers)
        got = [p.getString() for p in top_paragraphs(doc)]
        assert got == contract + block + ["", SIGNATURE], gui.host.tokki_log()
        gui.key("ctrl+z")
        assert [p.getString() for p in top_paragraphs(doc)] == first
    finally:
        doc.close(True)
