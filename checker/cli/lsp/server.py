"""``homologate lsp``: the language server, over standard input and output, on pygls.

Diagnostics are published when a spec is opened, and again ``DEBOUNCE`` seconds after the last of a run of
changes (a change cancels the check the one before it scheduled); hovers are answered from the last check, or
from a check made then if the text has changed since. A YAML document that is not a spec (checker.cli.lsp.places
.is_spec) gets no diagnostics. When a file a check was made from (configuration, ruleset, waivers) is saved or
reported changed (``workspace/didChangeWatchedFiles``, registered where the client can), every open spec is
checked again. A check that fails in a way homologate did not foresee is a diagnostic saying so, never the end of
the server.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from checker.cli.lsp import diagnose
from checker.cli.lsp.places import Text, is_spec
from checker.cli.lsp.settings import CONFIG_NAMES, Given, Settings
from checker.pipeline import SPEC_SUFFIXES
from checker.text import one_line
from checker.version import __version__

DEBOUNCE = 0.2  # seconds without a change before a changed document is checked
_WATCH = "homologate-inputs"
log = logging.getLogger("homologate.lsp")


class Server(LanguageServer):
    """The pygls server with what homologate keeps: the settings, each open spec's last check, and the checks
    scheduled by changes."""

    def __init__(self, settings: Settings) -> None:
        super().__init__("homologate", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.settings = settings
        self.checked: dict[str, diagnose.Checked] = {}
        self.scheduled: dict[str, asyncio.TimerHandle] = {}

    def check(self, uri: str) -> diagnose.Checked | None:
        """Check the open document ``uri`` now and publish its diagnostics (none for a document that is not a
        spec, clearing those it had)."""
        self._unschedule(uri)
        document = self.document(uri)
        if document is None:
            return None
        source = document.source
        if not _is_yaml(uri, document.language_id) or not is_spec(source):
            if self.checked.pop(uri, None) is not None:
                self._publish(uri, document.version, [])
            return None
        path = to_fs_path(uri) if uri.startswith("file:") else None
        text = Text(source, document.position_codec)
        folder = Path(path).parent if path else None
        try:
            checked = diagnose.check(text, uri, path or uri, lambda: self.settings.checker(folder))
        except Exception as exc:  # a bug in homologate: said on the document, the server goes on
            log.exception("checking %s", uri)
            checked = diagnose.Checked(text, uri, diagnostics=[types.Diagnostic(
                text.value_range(1, 1), one_line(f"homologate: internal error: {type(exc).__name__}: {exc}"),
                severity=types.DiagnosticSeverity.Error, source=diagnose.SOURCE)])  # fmt: skip
        self.checked[uri] = checked
        self._publish(uri, document.version, checked.diagnostics)
        return checked

    def schedule(self, uri: str) -> None:
        """Check ``uri`` once no change has come for DEBOUNCE seconds."""
        self._unschedule(uri)
        self.scheduled[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, self.check, uri)

    def _unschedule(self, uri: str) -> None:
        handle = self.scheduled.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def inputs_changed(self, paths: list[str]) -> None:
        """Check every open document again if one of ``paths`` is a file the settings were made from, or a
        configuration file (which may now apply where none did)."""
        inputs = self.settings.inputs()
        if any(os.path.abspath(p) in inputs or os.path.basename(p) in CONFIG_NAMES for p in paths):
            self.settings.forget()
            for uri in list(self.checked):
                self.check(uri)

    def document(self, uri: str) -> TextDocument | None:
        """The open document ``uri`` (pygls keeps them by the URI unquoted); None if it is not open, rather
        than pygls's reading of the file from disk."""
        return self.workspace.text_documents.get(unquote(uri))  # type: ignore[no-any-return]

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, version))


def _is_yaml(uri: str, language_id: str | None) -> bool:
    return language_id == "yaml" or uri.lower().endswith(SPEC_SUFFIXES)


def _paths(uris: list[str]) -> list[str]:
    return [path for uri in uris if uri.startswith("file:") and (path := to_fs_path(uri))]


def make_server(given: Given) -> Server:
    server = Server(Settings(given))

    @server.feature(types.INITIALIZED)
    def initialized(ls: Server, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern)
                        for pattern in ("**/*.yaml", "**/*.yml", "**/homologate.toml", "**/pyproject.toml")]
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                _WATCH, types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions(watchers))]))  # fmt: skip

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Server, params: types.DidSaveTextDocumentParams) -> None:
        ls.inputs_changed(_paths([params.text_document.uri]))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls._unschedule(uri)
        if ls.checked.pop(uri, None) is not None:
            ls._publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: Server, params: types.DidChangeWatchedFilesParams) -> None:
        ls.inputs_changed(_paths([change.uri for change in params.changes]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: Server, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        checked = ls.checked.get(uri)
        document = ls.document(uri)
        if document is not None and (checked is None or checked.text.source != document.source):
            checked = ls.check(uri)  # changed since the last check: the hover speaks of the text shown
        text = diagnose.hover(checked, params.position) if checked is not None else None
        if text is None:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))

    return server


def serve(given: Given) -> None:
    """Serve over standard input and output until the client says exit (or closes standard input)."""
    with open(1, "wb", closefd=False) as stdout:  # the descriptor itself: the protocol's, not click's stream
        make_server(given).start_io(sys.stdin.buffer, stdout)
