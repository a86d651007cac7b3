"""The in-office converter's answers, read without LibreOffice (batch/in_office.py);
the converter itself runs in tests/test_batch_office.py on real LibreOffice."""
from tokki_odf.batch.in_office import failure, read_progress


def test_done_is_an_empty_answer():
    assert failure("") is None and failure(None) is None


def test_a_uno_exception_is_said_by_its_message_and_the_step():
    basic = ("An exception occurred \nType: com.sun.star.lang.IllegalArgumentException\n"
             "Message: Unsupported URL <file:///x/a.odt>: \"type detection failed\".")
    assert failure("open|" + basic) == \
        'Unsupported URL <file:///x/a.odt>: "type detection failed" (while opening it)'


def test_a_basic_error_without_a_uno_message_is_kept_in_one_line():
    assert failure("store|Object variable not set.\n") == \
        "Object variable not set. (while storing it)"
    assert failure("store|") == "no message (while storing it)"


def test_the_progress_file_is_read_as_the_last_index_written(tmp_path):
    path = tmp_path / "progress-1"
    assert read_progress(str(path)) == -1                 # not written yet
    path.write_text("3\n")
    assert read_progress(str(path)) == 3
    path.write_text("")                                   # caught between open and print
    assert read_progress(str(path)) == -1
    path.write_text("??")
    assert read_progress(str(path)) == -1
