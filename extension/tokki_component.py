# tokki-odf LibreOffice extension: the registered UNO component.
#
# This module is loaded by LibreOffice's Python loader when a vnd.tokki: URL is
# first dispatched (toolbar button, menu entry, or automation). It registers
# one protocol handler and imports nothing of tokki itself: the work is done by
# pythonpath/org_tokki_odf/commands.py, imported on the first dispatch.
#
# URLs (see docs/ja/user-guide.md and extension/README.md):
#   vnd.tokki:assemble                 作成・更新 (dialog)
#   vnd.tokki:insert[?answers=URL&start=N&template=NAME]
#   vnd.tokki:validate[?report=URL]
#   vnd.tokki:finalize[?ask=no]
#   vnd.tokki:saveanswers[?file=URL]   vnd.tokki:loadanswers[?file=URL]
#   vnd.tokki:compare[?recorded=yes|with=URL][&report=URL]   比較
#   vnd.tokki:import[?out=URL]         ひな形に変換
import unohelper

from com.sun.star.frame import XDispatchProvider, XNotifyingDispatch
from com.sun.star.lang import XInitialization, XServiceInfo

IMPLEMENTATION = "org.tokki.odf.ProtocolHandler"
SERVICES = ("com.sun.star.frame.ProtocolHandler",)
PROTOCOL = "vnd.tokki:"


class ProtocolHandler(unohelper.Base, XInitialization, XDispatchProvider,
                      XNotifyingDispatch, XServiceInfo):
    """Dispatches every vnd.tokki: URL of one frame to org_tokki_odf.commands."""

    def __init__(self, ctx, *args):
        self.ctx = ctx
        self.frame = None

    # XInitialization: the framework passes the frame the URL is for.
    def initialize(self, args):
        if args:
            self.frame = args[0]

    # XDispatchProvider: every vnd.tokki: URL, known or not, comes to us so that
    # an unknown command gets a clear error instead of silently doing nothing.
    def queryDispatch(self, url, target, flags):
        if url.Protocol == PROTOCOL:
            return self
        return None

    def queryDispatches(self, requests):
        return tuple(self.queryDispatch(r.FeatureURL, r.FrameName, r.SearchFlags)
                     for r in requests)

    # XDispatch
    def dispatch(self, url, args):
        self._run(url, args)

    def addStatusListener(self, listener, url):
        # Toolbar buttons and menu entries are always enabled: each command
        # explains itself when it cannot run in the current document.
        try:
            import uno
            state = uno.createUnoStruct("com.sun.star.frame.FeatureStateEvent")
            state.FeatureURL = url
            state.IsEnabled = True
            state.Source = self
            listener.statusChanged(state)
        except Exception:
            pass

    def removeStatusListener(self, listener, url):
        pass

    # XNotifyingDispatch: automation (tests, bench) learns whether it worked.
    def dispatchWithNotification(self, url, args, listener):
        ok, message = self._run(url, args)
        if listener is None:
            return
        import uno
        event = uno.createUnoStruct("com.sun.star.frame.DispatchResultEvent")
        event.Source = self
        event.State = 1 if ok else 0  # DispatchResultState SUCCESS / FAILURE
        event.Result = ("ok: " if ok else "error: ") + (message or "")
        listener.dispatchFinished(event)

    def _run(self, url, args):
        try:
            from org_tokki_odf import commands  # lazy: the engine loads on first use
            return commands.run(self.ctx, self.frame, url.Complete, args)
        except Exception as exc:  # never let an exception escape into the office
            try:
                from org_tokki_odf import log
                log.exception("dispatch %s" % url.Complete)
            except Exception:
                pass
            return False, "%s: %s" % (type(exc).__name__, exc)

    # XServiceInfo
    def getImplementationName(self):
        return IMPLEMENTATION

    def supportsService(self, name):
        return name in SERVICES

    def getSupportedServiceNames(self):
        return SERVICES


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(ProtocolHandler, IMPLEMENTATION, SERVICES)
