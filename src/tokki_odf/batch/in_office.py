"""The conversion of one job as a LibreOffice Basic function inside the worker's soffice.

Why (issue 16, bench/results/batch-profile.md): driving load, store and close from
Python means pyuno hands a remote document object to Python, introspects it and makes
every call a round trip; per document that was ~2.5 ms of tokki's CPU on the bridge and
an idle gap on soffice's main thread that `soffice --convert-to` does not have. One
Basic function that loads, stores every target and closes keeps all of it inside
soffice, and ConvertChain runs it for a whole chain of queued jobs in one bridge call
(fifth round: one call per job still left soffice waiting ~3 ms per document for the
worker's Python to take the answer and send the next job).

The pool keeps a deadline per document, not per chain: before each job ConvertChain
writes the job's index into a progress file, which the pool's watchdog reads (a hung
soffice writes nothing more, and is killed `timeout` seconds after its last job began);
after a crash or a kill the same index says which job was being converted (retried),
which were done (delivered) and which were not begun (converted afterwards). For the
same reason the chain stops at the first job that fails.

The library is created in the worker's own profile over UNO when its soffice starts
(no file of ours in any profile, nothing kept: worker profiles are removed with the
run). It is application Basic that only tokki calls; the documents themselves are
still loaded with macros off (MacroExecutionMode NEVER_EXECUTE, docs/security.md).
A LibreOffice without Basic (a build without scripting) makes `converter()` return
None, and the pool drives the three calls from Python as before.
"""
import os
import re

LIBRARY = "TokkiBatch"
MODULE = "Convert"
SCRIPT_URL = ("vnd.sun.star.script:%s.%s.ConvertChain?language=Basic&location=application"
              % (LIBRARY, MODULE))
NOT_BEGUN = "skip|"        # ConvertChain's answer for the jobs after one that failed
# TOKKI_BATCH_IN_OFFICE=0: drive load/store/close from Python (for comparison).
ENABLED = os.environ.get("TOKKI_BATCH_IN_OFFICE", "1") != "0"

# ConvertJob(source URL, targets: array of (URL, store properties), load properties)
# returns "" when every target was stored, else "<stage>|<Basic's error text>".
# A close that fails is not an error (as before): the document was stored.
BASIC = """REM tokki-odf batch conversion (src/tokki_odf/batch/in_office.py)
Function ConvertJob(src As String, targets As Variant, loadArgs As Variant) As String
  Dim doc As Object, i As Integer, stage As String
  On Error GoTo Failed
  stage = "open"
  doc = StarDesktop.loadComponentFromURL(src, "_blank", 0, loadArgs)
  If IsNull(doc) Then
    ConvertJob = "open|it returned no document"
    Exit Function
  End If
  stage = "store"
  For i = LBound(targets) To UBound(targets)
    doc.storeToURL(targets(i)(0), targets(i)(1))
  Next i
  CloseQuietly(doc)
  ConvertJob = ""
  Exit Function
Failed:
  ConvertJob = stage & "|" & Error$
  CloseQuietly(doc)
End Function

Sub CloseQuietly(doc As Object)
  On Error Resume Next
  If Not IsNull(doc) Then doc.close(True)
End Sub

REM ConvertChain(jobs: array of (source URL, targets), load properties, progress URL)
REM returns one answer per job (as ConvertJob's); it stops at the first that fails, the
REM jobs after it answer "skip|". Before each job its index goes into the progress file.
Function ConvertChain(jobs As Variant, loadArgs As Variant, progress As String) As Variant
  Dim i As Integer, answers() As String
  ReDim answers(LBound(jobs) To UBound(jobs))
  For i = LBound(jobs) To UBound(jobs)
    answers(i) = "skip|"
  Next i
  For i = LBound(jobs) To UBound(jobs)
    If progress <> "" Then WriteProgress(progress, i)
    answers(i) = ConvertJob(jobs(i)(0), jobs(i)(1), loadArgs)
    If answers(i) <> "" Then Exit For
  Next i
  ConvertChain = answers
End Function

Sub WriteProgress(url As String, i As Integer)
  Dim n As Integer
  On Error Resume Next
  n = FreeFile
  Open url For Output As #n
  Print #n, CStr(i)
  Close #n
End Sub
"""


def converter(ctx):
    """The XScript of ConvertChain in the soffice of ctx (the library is created or
    replaced first), or None when this LibreOffice cannot run it."""
    if not ENABLED:
        return None
    try:
        smgr = ctx.ServiceManager
        libraries = smgr.createInstanceWithContext(
            "com.sun.star.script.ApplicationScriptLibraryContainer", ctx)
        if not libraries.hasByName(LIBRARY):
            libraries.createLibrary(LIBRARY)
        libraries.loadLibrary(LIBRARY)
        library = libraries.getByName(LIBRARY)
        if library.hasByName(MODULE):
            library.replaceByName(MODULE, BASIC)
        else:
            library.insertByName(MODULE, BASIC)
        provider = smgr.createInstanceWithContext(
            "com.sun.star.script.provider.MasterScriptProviderFactory", ctx
        ).createScriptProvider("")
        script = provider.getScript(SCRIPT_URL)
        # Once per start: does it run here (Basic present, not refused by a policy)?
        # A job with an empty source answers "open|…" at once, without a document.
        answers = script.invoke(((("", ()),), (), ""), (), ())[0]
        if len(answers) != 1 or not str(answers[0]).startswith("open|"):
            return None
        return script
    except Exception:
        return None


STAGES = {"open": "while opening it", "store": "while storing it"}


def read_progress(path):
    """The index ConvertChain last wrote into its progress file, or -1 (none yet)."""
    try:
        with open(path, "rb") as fh:
            return int(fh.read(32).strip() or -1)
    except (OSError, ValueError):
        return -1


def failure(answer):
    """ConvertJob's answer -> None (done) or the reason, in one line: the UNO
    exception's message when Basic's error text carries one (as the bridge path says
    it), and at which step."""
    if not answer:
        return None
    stage, _, text = str(answer).partition("|")
    text = " ".join(text.split())
    message = re.search(r"Message: (.*)$", text)
    if message:
        text = message.group(1).rstrip(".")
    return "%s (%s)" % (text or "no message", STAGES.get(stage, stage))
