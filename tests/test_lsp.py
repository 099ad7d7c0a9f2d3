"""``homologate lsp`` driven as an editor drives it: a real LSP client (pygls's own) talking to the server
process over its standard input and output.

One server serves the module (``editor``); each test opens documents of its own, by URIs no other test uses.
Settings follow each document's folder, so configuration tests use folders of their own with the same
server. Waits are bounded (``TIMEOUT``) so that a server that hangs fails the test instead of the run; no
test asserts how long anything takes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.workspace.position_codec import PositionCodec

from checker.cli.lsp.places import Text, is_spec, value_end
from checker.read.files import MAX_BYTES
from tests.helpers import ROOT, SPECS, UNCLOSED, assert_one_input_error, run_cli, yaml_problem

TIMEOUT = 60.0  # seconds: only a hang comes near it
WIDE = SPECS / "defender-wide-track.yaml"
WIDE_FINDINGS = {  # rule: (0-based line, character, severity) of each failing or marginal finding
    "STK-TRACK-FRONT": (59, 17, types.DiagnosticSeverity.Error),
    "STK-TRACK-REAR": (60, 16, types.DiagnosticSeverity.Warning),  # marginal: a warning, as in SARIF
    "STK-WIDTH": (61, 11, types.DiagnosticSeverity.Error),
    "STK-TYRE-DIAMETER": (67, 19, types.DiagnosticSeverity.Error),
}
T = TypeVar("T")


class Editor:
    """The client side, driven from synchronous tests: each call runs the event loop until its answer comes."""

    def __init__(self, *args: str, cwd: Path = ROOT) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = LanguageClient("homologate-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.versions: dict[str, int] = {}

        self.registrations: list[types.Registration] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("HOMOLOGATE_DEBUG", None)
        self.run(self.client.start_io(sys.executable, "-m", "checker", "lsp", *args, cwd=cwd, env=env))
        watched = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=watched))  # fmt: skip
        self.initialized = self.run(self.client.initialize_async(
            types.InitializeParams(capabilities=capabilities, root_uri=cwd.as_uri())))  # fmt: skip
        self.client.initialized(types.InitializedParams())

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(work, TIMEOUT))

    def open(self, path: Path, text: str | None = None) -> list[types.Diagnostic]:
        """Open ``path`` (its text, or ``text``); the diagnostics published for it."""
        uri = path.as_uri()
        self.versions[uri] = 1
        source = path.read_text("utf-8") if text is None else text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "yaml", 1, source)))  # fmt: skip
        return self.diagnostics(path)

    def open_quietly(self, path: Path, text: str) -> None:
        """Open a document for which no diagnostics are awaited."""
        self.versions[path.as_uri()] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(path.as_uri(), "yaml", 1, text)))  # fmt: skip

    def change(self, path: Path, *texts: str) -> list[types.Diagnostic]:
        """Type ``texts`` one after another (each the whole new text); the diagnostics published for the last."""
        uri = path.as_uri()
        for text in texts:
            self.versions[uri] += 1
            self.client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(self.versions[uri], uri),
                [types.TextDocumentContentChangeWholeDocument(text)]))  # fmt: skip
        return self.diagnostics(path)

    def until(self, found: Callable[[], T | None]) -> T:
        """What ``found`` gives once it gives something, the server's messages handled meanwhile."""

        async def wait() -> T:
            while (value := found()) is None:
                await asyncio.sleep(0.01)
            return value

        return self.run(wait())

    def diagnostics(self, path: Path) -> list[types.Diagnostic]:
        """The diagnostics published for ``path`` at its current version, waited for."""
        uri = path.as_uri()

        def published() -> list[types.Diagnostic] | None:
            found = [p for p in self.published.get(uri, []) if p.version == self.versions[uri]]
            return list(found[-1].diagnostics) if found else None

        return self.until(published)

    def files_changed(self, *paths: Path) -> None:
        """Say, as an editor watching files does, that ``paths`` changed; what was published is forgotten."""
        self.published.clear()
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(p.as_uri(), types.FileChangeType.Changed) for p in paths]))  # fmt: skip

    def saved(self, path: Path) -> None:
        """Say that ``path``, open in the editor, was saved; what was published is forgotten."""
        self.published.clear()
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(path.as_uri())))

    def hover(self, path: Path, line: int, character: int) -> str | None:
        answer = self.run(self.client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(path.as_uri()), types.Position(line, character))))  # fmt: skip
        if answer is None:
            return None
        assert isinstance(answer.contents, types.MarkupContent)
        return answer.contents.value

    def stop(self) -> int | None:
        """Shut the server down and exit, as an editor does; its exit status."""
        self.run(self.client.shutdown_async(None))
        self.client.exit(None)
        self.run(self.client.stop())
        assert self.client._server is not None
        status = self.client._server.returncode
        self.loop.close()
        return status


@pytest.fixture(scope="module")
def editor() -> Iterator[Editor]:
    started = Editor()
    yield started
    assert started.stop() == 0


def rules_at(diagnostics: list[types.Diagnostic]) -> dict[str, tuple[int, int, types.DiagnosticSeverity | None]]:
    found = {}
    for d in diagnostics:
        assert d.source == "homologate"
        assert isinstance(d.code, str)
        found[d.code] = (d.range.start.line, d.range.start.character, d.severity)
    return found


def only(diagnostics: list[types.Diagnostic]) -> types.Diagnostic:
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


# --- diagnostics --------------------------------------------------------------------------------------


def test_the_wide_track_defender_gets_each_failure_at_its_value(editor: Editor) -> None:
    diagnostics = editor.open(WIDE)
    assert rules_at(diagnostics) == WIDE_FINDINGS
    front = next(d for d in diagnostics if d.code == "STK-TRACK-FRONT")
    assert front.message == "1795 mm is 15 mm above the maximum (≤ 1780 mm)"  # as check words it
    assert front.range.end == types.Position(59, 24)  # the value, "1795 mm", not its comment
    assert front.related_information is not None
    derivation = only(front.related_information)  # type: ignore[arg-type]
    assert derivation.location.uri == WIDE.as_uri()
    assert derivation.location.range.start == types.Position(28, 17)  # production.chassis.track_front
    assert derivation.message == ("limit: production.chassis.track_front + 80 mm, "
                                  "with production.chassis.track_front = 1700 mm")  # fmt: skip


def test_a_value_made_legal_loses_its_diagnostic_on_the_next_change(editor: Editor, tmp_path: Path) -> None:
    spec = tmp_path / "typing.yaml"
    text = WIDE.read_text("utf-8")
    assert rules_at(editor.open(spec, text)) == WIDE_FINDINGS
    legal = text.replace("track_front: 1795 mm", "track_front: 1760 mm")
    half_typed = text.replace("track_front: 1795 mm", "track_front: 17")
    after = editor.change(spec, half_typed, legal)  # typed fast: one check, of the last text
    assert rules_at(after) == {r: at for r, at in WIDE_FINDINGS.items() if r != "STK-TRACK-FRONT"}
    assert [p.version for p in editor.published[spec.as_uri()]] == [1, 3]  # the half-typed text was never checked


def test_a_compliant_spec_gets_no_diagnostics(editor: Editor) -> None:
    assert editor.open(SPECS / "defender-d7x-r.yaml") == []


def test_a_spec_is_known_by_its_schema_modeline_alone(editor: Editor, tmp_path: Path) -> None:
    text = "# yaml-language-server: $schema=../checker/schemas/spec.schema.json\nvehicle: [\n"
    diagnostic = only(editor.open(tmp_path / "modeline.yaml", text))
    assert diagnostic.range.start == types.Position(2, 0)


def test_a_spec_that_is_a_list_is_one_diagnostic(editor: Editor, tmp_path: Path) -> None:
    text = "# yaml-language-server: $schema=spec.schema.json\n- 1\n"
    diagnostic = only(editor.open(tmp_path / "list.yaml", text))
    assert (diagnostic.range.start, diagnostic.message) == (types.Position(1, 0), "expected a build spec (a YAML "
                                                                                 "mapping), got a list")  # fmt: skip


def test_a_yaml_error_is_one_diagnostic_at_its_place(editor: Editor, tmp_path: Path) -> None:
    text = "spec_version: 2\n" + UNCLOSED
    diagnostic = only(editor.open(tmp_path / "broken.yaml", text))
    assert diagnostic.range.start == types.Position(2, 0)  # where `homologate check` says: 3:1
    assert diagnostic.message == f"invalid YAML: {yaml_problem(text)}"
    assert diagnostic.severity == types.DiagnosticSeverity.Error


def test_a_wrong_type_is_one_diagnostic_at_the_value(editor: Editor, tmp_path: Path) -> None:
    text = WIDE.read_text("utf-8").replace("track_front: 1795 mm", "track_front: wide")
    diagnostic = only(editor.open(tmp_path / "type.yaml", text))
    assert diagnostic.range == types.Range(types.Position(59, 17), types.Position(59, 21))
    assert diagnostic.message.startswith("build.chassis.track_front: expected a length")


def test_an_unknown_key_is_one_diagnostic_at_the_key(editor: Editor, tmp_path: Path) -> None:
    text = WIDE.read_text("utf-8").replace("    gears: 8", "    gearz: 8", 1)
    diagnostic = only(editor.open(tmp_path / "key.yaml", text))
    assert diagnostic.range == types.Range(types.Position(24, 4), types.Position(24, 9))
    assert diagnostic.message == "production.drivetrain.gearz: unknown field (did you mean 'gears'?)"


def test_every_problem_of_a_spec_is_a_diagnostic_at_its_place(editor: Editor, tmp_path: Path) -> None:
    text = (WIDE.read_text("utf-8").replace("    gears: 8", "    gearz: 8", 1)
            .replace("track_front: 1795 mm", "track_front: wide"))  # fmt: skip
    found = editor.open(tmp_path / "two.yaml", text)
    assert [(d.range.start.line, d.range.start.character, d.message.split(":")[0]) for d in found] == [
        (24, 4, "production.drivetrain.gearz"), (59, 17, "build.chassis.track_front")]


def test_a_yaml_document_that_is_not_a_spec_gets_no_diagnostics(editor: Editor, tmp_path: Path) -> None:
    other = tmp_path / "workflow.yaml"
    editor.open_quietly(other, "on: [push]\njobs: [\n")  # broken YAML, but not a spec: not ours to judge
    assert editor.open(tmp_path / "after.yaml", WIDE.read_text("utf-8"))  # answered in order: the other came first
    assert other.as_uri() not in editor.published


def test_a_spec_that_stops_being_one_has_its_diagnostics_cleared(editor: Editor, tmp_path: Path) -> None:
    spec = tmp_path / "was.yaml"
    assert editor.open(spec, WIDE.read_text("utf-8"))
    assert editor.change(spec, "name: a list of tyres\n") == []


# --- hover --------------------------------------------------------------------------------------------


def test_hover_on_a_value_shows_the_rule_worked_out(editor: Editor) -> None:
    editor.open(WIDE)
    shown = editor.hover(WIDE, 59, 20)  # on "1795 mm"
    assert shown is not None
    assert shown.startswith("```text\nSTK-TRACK-FRONT: Front track at most 80 mm wider than produced\n")
    lines = [line.rstrip() for line in shown.splitlines()]
    assert "article     Dakar 2026 Stock class (track)" in lines
    assert any(line.startswith("provenance  illustrative: the figure is not the official one") for line in lines)
    assert lines[lines.index("maximum     production.chassis.track_front + 80 mm"):][:3] == [
        "maximum     production.chassis.track_front + 80 mm", "            = 1700 mm + 80 mm", "            = 1780 mm"]
    assert "verdict     fail: 1795 mm is 15 mm above the maximum (≤ 1780 mm)" in lines


def test_hover_on_a_production_value_names_the_rules_it_limits(editor: Editor) -> None:
    editor.open(WIDE)
    shown = editor.hover(WIDE, 28, 6)  # on the key production.chassis.track_front
    assert shown is not None
    assert [block.split("\n")[1].split(":")[0] for block in shown.split("\n\n---\n\n")] == ["STK-TRACK-FRONT"]


def test_hover_on_an_item_shows_the_rules_that_apply_to_it(editor: Editor) -> None:
    expired = SPECS / "land-cruiser-expired-safety.yaml"
    editor.open(expired)
    line = next(n for n, text in enumerate(expired.read_text("utf-8").splitlines()) if "FIA 8855-1999" in text)
    shown = editor.hover(expired, line, expired.read_text("utf-8").splitlines()[line].index("2020"))
    assert shown is not None  # the seat's year of manufacture: read by four seat rules, one of which applies
    assert [block.split("\n")[1].split(":")[0] for block in shown.split("\n\n---\n\n")] == ["T2-SEAT-8855-VALIDITY"]
    assert "verdict     fail: expired: valid until 2025-12-31, 2 days before the check date 2026-01-02" in shown


def test_hover_where_no_rule_reads_anything_is_empty(editor: Editor) -> None:
    editor.open(WIDE)
    assert editor.hover(WIDE, 0, 3) is None  # the modeline comment


# --- hostile documents ----------------------------------------------------------------------------------


BOMB = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{below}'] * 9)}]\n" for below, name in zip("abcde", "bcdef", strict=True))
DEEP = "build: " + "[" * 100_000 + "\n"
HOSTILE = {  # case: (the document after its first line, (line, character) of the diagnostic, its message)
    "nested deeper than allowed": ("build: " + "[" * 40 + "\n", (1, 38), "nested deeper than 32 levels: refused"),
    "nested past libyaml's limit": (DEEP, None, f"invalid YAML: {yaml_problem('spec_version: 2' + chr(10) + DEEP)}"),
    "more than 1 MiB": ("note: " + "a" * MAX_BYTES + "\n", (0, 0), "file is larger than the 1 MiB limit"),
    "a NUL byte": ("vehicle: {make: \0}\n", (1, 16), "expected YAML text, found a NUL byte"),
    "an alias bomb": (BOMB, (5, 27), "more than 50000 values (after expanding aliases): refused"),
}


@pytest.mark.parametrize(("rest", "at", "message"), HOSTILE.values(), ids=HOSTILE)
def test_a_hostile_document_is_a_diagnostic_and_the_server_goes_on(editor: Editor, tmp_path: Path, rest: str,
                                                                    at: tuple[int, int] | None,
                                                                    message: str) -> None:  # fmt: skip
    diagnostic = only(editor.open(tmp_path / "hostile.yaml", "spec_version: 2\n" + rest))
    assert diagnostic.message == message
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    if at is not None:  # where libyaml stops is libyaml's to say
        assert (diagnostic.range.start.line, diagnostic.range.start.character) == at
    assert rules_at(editor.open(tmp_path / "next.yaml", WIDE.read_text("utf-8"))) == WIDE_FINDINGS


# --- settings -------------------------------------------------------------------------------------------


OURS = """ruleset: ours
title: Ours
version: "1"
extends: dakar-2026-stock
overrides:
  STK-TRACK-FRONT:
    provenance: illustrative
    note: a cap of our own, for the test
    check:
      max: production.chassis.track_front + {cap}
"""


def test_settings_come_from_the_configuration_file_and_their_change_rechecks(editor: Editor, tmp_path: Path) -> None:
    config, ruleset, spec = tmp_path / "homologate.toml", tmp_path / "ours.yaml", tmp_path / "car.yaml"
    ruleset.write_text(OURS.format(cap="100 mm"), "utf-8")
    config.write_text('rules = "ours.yaml"\nignore = ["STK-WIDTH"]\n', "utf-8")
    assert set(rules_at(editor.open(spec, WIDE.read_text("utf-8")))) == {"STK-TRACK-REAR", "STK-TYRE-DIAMETER"}

    ruleset.write_text(OURS.format(cap="80 mm"), "utf-8")  # the ruleset changed, and the editor says so
    editor.files_changed(ruleset)
    assert set(rules_at(editor.diagnostics(spec))) == {"STK-TRACK-FRONT", "STK-TRACK-REAR", "STK-TYRE-DIAMETER"}

    config.write_text('rules = "ours.yaml"\nselect = ["STK-WIDTH"]\n', "utf-8")  # the configuration, saved in it
    editor.saved(config)
    assert set(rules_at(editor.diagnostics(spec))) == {"STK-WIDTH"}


def test_a_waiver_the_configuration_names_clears_the_finding_it_covers(editor: Editor, tmp_path: Path) -> None:
    (tmp_path / "granted.yaml").write_text("waivers:\n  - rule: STK-TRACK-FRONT\n    reference: DKR26-TD-001\n"
                                           "    reason: wider track granted\n    granted_by: Technical delegate\n"
                                           "    expires: 2026-01-17\n", "utf-8")  # fmt: skip
    (tmp_path / "homologate.toml").write_text('waivers = "granted.yaml"\n', "utf-8")
    found = rules_at(editor.open(tmp_path / "car.yaml", WIDE.read_text("utf-8")))
    assert found == {r: at for r, at in WIDE_FINDINGS.items() if r != "STK-TRACK-FRONT"}


def test_a_file_changed_behind_the_editors_back_is_seen_at_the_next_check(editor: Editor, tmp_path: Path) -> None:
    ruleset, spec = tmp_path / "ours.yaml", tmp_path / "car.yaml"
    ruleset.write_text(OURS.format(cap="100 mm"), "utf-8")
    (tmp_path / "homologate.toml").write_text('rules = "ours.yaml"\n', "utf-8")
    text = WIDE.read_text("utf-8")
    assert "STK-TRACK-FRONT" not in rules_at(editor.open(spec, text))
    ruleset.write_text(OURS.format(cap="80 mm"), "utf-8")  # no word of it to the server
    assert "STK-TRACK-FRONT" in rules_at(editor.change(spec, text + "\n"))


def test_the_server_asks_to_hear_of_changed_settings_files(editor: Editor) -> None:
    (registration,) = editor.until(lambda: editor.registrations or None)  # once the client said it was initialized
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert isinstance(registration.register_options, dict)
    globs = {watcher["globPattern"] for watcher in registration.register_options["watchers"]}
    assert globs == {"**/*.yaml", "**/*.yml", "**/homologate.toml", "**/pyproject.toml"}


def test_a_bad_configuration_is_a_diagnostic_naming_its_place(editor: Editor, tmp_path: Path) -> None:
    (tmp_path / "homologate.toml").write_text('rules = "dakar-2026-stock"\nselct = ["STK-*"]\n', "utf-8")
    diagnostic = only(editor.open(tmp_path / "car.yaml", WIDE.read_text("utf-8")))
    assert diagnostic.range.start == types.Position(0, 0)
    assert diagnostic.message.endswith("homologate.toml:2:1: unknown setting 'selct' (did you mean 'select'?)")
    assert diagnostic.related_information is not None
    place = only(diagnostic.related_information)  # type: ignore[arg-type]
    assert place.location.uri == (tmp_path / "homologate.toml").as_uri()
    assert place.location.range.start == types.Position(1, 0)


def test_rules_and_date_given_to_the_command_win(tmp_path: Path) -> None:
    expired = SPECS / "land-cruiser-expired-safety.yaml"
    server = Editor("--rules", "fia-t2-base", "--on", "2020-01-01", "--no-config", cwd=tmp_path)
    try:
        # the base ruleset's rules only (no Stock-class cap), and in 2020 no seat or harness had expired
        assert set(rules_at(server.open(expired))) == {"T2-WHEELBASE", "T2-CAGE-PLATE", "T2-EXTINGUISHER-LIST"}
    finally:
        assert server.stop() == 0


# --- the command ----------------------------------------------------------------------------------------


def test_without_pygls_the_command_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if not installed: importing it fails
    monkeypatch.delitem(sys.modules, "checker.cli.lsp.server", raising=False)
    assert_one_input_error(run_cli("lsp"), "homologate: the language server needs pygls: pip install 'homologate[lsp]'")


def test_the_server_ends_when_standard_input_closes(tmp_path: Path) -> None:
    """An editor that dies without saying exit: the server does not linger."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "checker", "lsp"], input=b"", capture_output=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=TIMEOUT, check=False)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")


def test_closing_a_spec_clears_its_diagnostics(editor: Editor, tmp_path: Path) -> None:
    spec = tmp_path / "closed.yaml"
    assert editor.open(spec, WIDE.read_text("utf-8"))
    editor.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(spec.as_uri())))
    assert list(editor.until(lambda: editor.published[spec.as_uri()][1:] or None)[0].diagnostics) == []


# --- places in the text (in this process) ----------------------------------------------------------------


UTF16, UTF32 = PositionCodec(types.PositionEncodingKind.Utf16), PositionCodec(types.PositionEncodingKind.Utf32)


def test_a_position_counts_the_code_units_the_client_chose() -> None:
    source = 'a: 1\nb: {name: "\U0001f699", width: 2180 mm}\n'
    column = source.split("\n")[1].index("2180") + 1  # 1-based, in characters, as libyaml counts
    assert column == 23
    # the car is two UTF-16 code units, one UTF-32 code unit
    assert Text(source, UTF16).value_range(2, column) == types.Range(types.Position(1, 23), types.Position(1, 30))
    assert Text(source, UTF32).value_range(2, column) == types.Range(types.Position(1, 22), types.Position(1, 29))
    assert Text(source, UTF16).character(types.Position(1, 23)) == (1, 22)


def test_a_line_break_libyaml_counts_and_lsp_does_not_is_followed() -> None:
    source = 'a: "x\u2028y"\nb: [\n'  # libyaml: line 3 is "b: ["; LSP: line 2
    text = Text(source, UTF16)
    assert text.position(3, 1) == types.Position(1, 0)
    assert text.yaml_place(1, 0) == (2, 0)


@pytest.mark.parametrize(("line", "value"), [
    ("    track_front: 1795 mm      # production + 95 mm", "1795 mm"),
    ("  chassis:", "chassis"),
    ('    standard: "FIA 8855-1999" # a quoted text', '"FIA 8855-1999"'),
    ("    model: It's a 'D7X-R' # quotes inside", "It's a 'D7X-R'"),
    ("    dampers_per_wheel: {front: 1, rear: 2}", "{front: 1, rear: 2}"),
    ("    dampers_per_wheel: {front: 1, rear: 2}", "1"),
    ("  seats: []", "[]"),
])  # fmt: skip
def test_a_value_ends_where_yaml_ends_it(line: str, value: str) -> None:
    start = line.index(value)
    assert line[start:value_end(line, start)] == value


def test_a_value_past_its_line_is_at_its_end() -> None:
    assert value_end("x", 5) == 1


@pytest.mark.parametrize(("text", "spec"), [
    ("spec_version: 2\n", True),
    ("# yaml-language-server: $schema=../checker/schemas/spec.schema.json\n", True),
    ("vehicle: {}\n'spec_version': 2\n", True),
    ("ruleset: x\nspec_version_note: 2\n", False),
    ("build:\n  spec_version: 2\n", False),
    ("# yaml-language-server: $schema=../checker/schemas/ruleset.schema.json\n", False),
])  # fmt: skip
def test_a_spec_is_known_by_its_version_key_or_its_schema(text: str, spec: bool) -> None:
    assert is_spec(text) is spec
