"""The promise against hostile input, for what homologate reads and what it prints: only regular files are
read, every read is bounded, folders and patterns are walked without end or escape, and every text a person
or a log parser reads shows what does not print escaped, on lines of a bounded length.

(Output files, git, the cache and --jobs: test_hostile_surroundings.py. Values in specs and rulesets:
test_hostile_values.py.)"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checker.read.files import files_below, matching
from checker.text import MAX_MESSAGE, printable
from tests.helpers import SPECS, Ran, assert_one_input_error, assert_usage_error, run_cli

# what must never reach a terminal or a log as it is: a terminal escape (erase the screen), NUL, a C1 CSI,
# the Unicode line and paragraph separators, NEL, a bidirectional override, a line break forging a workflow
# command, a carriage return hiding what comes before
HOSTILE = {
    "escape": "\x1b[2J",
    "nul": "\x00",
    "c1-csi": "\x9b31m",
    "line-separator": "\u2028",
    "paragraph-separator": "\u2029",
    "nel": "\x85",
    "bidi-override": "\u202e",
    "newline-command": "\n::error file=x.yaml::forged",
    "carriage-return": "\rforged",
    "tab": "\t",
}


def assert_all_printable(*texts: str) -> None:
    """Every line of every text prints as it is: nothing on it that a terminal or a log would act on."""
    for text in texts:
        for line in text.split("\n"):
            assert line.isprintable(), repr(line)
            assert not line.startswith("::error file=x.yaml"), line


def yaml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar: the character written escaped


def hostile_spec(folder: Path, text: str, name: str = "car.yaml") -> Path:
    """The wide-track Defender (3 failures) with ``text`` in its make and in a failing build value."""
    source = (SPECS / "defender-wide-track.yaml").read_text("utf-8")
    source = source.replace("make: Land Rover", f"make: {yaml_string('Land' + text + 'Rover')}", 1)
    assert "bodyshell: D7x aluminium monocoque (Defender 110)\n" in source
    head, tail = source.rsplit("bodyshell: D7x aluminium monocoque (Defender 110)\n", 1)  # the build's
    spec = folder / name
    spec.write_text(head + f"bodyshell: {yaml_string('shell' + text)}\n" + tail, "utf-8")
    return spec


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> str:
    return HOSTILE[request.param]


# --- what homologate prints -----------------------------------------------------------------------------


@pytest.mark.parametrize("options", [(), ("-q",), ("-v",), ("--format", "github"), ("--color",)],
                         ids=["text", "quiet", "verbose", "github", "colour"])  # fmt: skip
def test_check_shows_what_does_not_print_escaped(tmp_path: Path, hostile: str, options: tuple[str, ...]) -> None:
    spec = hostile_spec(tmp_path, hostile)
    ran = run_cli("check", spec.name, *options, cwd=tmp_path)
    assert ran.status == 1, ran.err
    if "--color" in options:  # our own colours stay; the input's escapes do not get through
        assert "\x1b[3" in ran.out
        ran = Ran(ran.status, re.sub("\x1b\\[[0-9;]*m", "", ran.out), ran.err)  # a hostile \x1b[2J stays
    assert_all_printable(ran.out, ran.err)
    if options != ("--format", "github"):
        assert printable("Land" + hostile + "Rover") in ran.out  # shown, escaped, not dropped
    assert "car.yaml:60:18: STK-TRACK-FRONT [error]" in ran.out or "--format" in options


def test_the_failing_value_is_quoted_escaped_in_the_findings_line(tmp_path: Path) -> None:
    hostile_spec(tmp_path, HOSTILE["escape"])
    ran = run_cli("check", "car.yaml", "-q", cwd=tmp_path)
    line = next(line for line in ran.lines if "T2-BODYSHELL" in line)
    assert "shell\\x1b[2J" in line


def test_diff_explain_and_init_show_what_does_not_print_escaped(tmp_path: Path, hostile: str) -> None:
    spec = hostile_spec(tmp_path, hostile)
    diff = run_cli("diff", SPECS / "defender-wide-track.yaml", spec)
    explain = run_cli("explain", "T2-BODYSHELL", spec)
    assert (diff.status, explain.status) == (1, 0), diff.err + explain.err  # diff: a new failure
    assert_all_printable(diff.out, diff.err, explain.out, explain.err)
    assert printable("shell" + hostile) in diff.out
    assert printable("shell" + hostile) in explain.out


def test_the_markdown_report_shows_what_does_not_print_escaped(tmp_path: Path, hostile: str) -> None:
    hostile_spec(tmp_path, hostile)
    ran = run_cli("report", "car.yaml", "-o", "car.md", cwd=tmp_path)
    assert ran.status == 1, ran.err
    report = (tmp_path / "car.md").read_text("utf-8")
    assert_all_printable(report, ran.out, ran.err)
    assert "Rover" in report.splitlines()[0]


def test_rules_and_test_show_a_hostile_ruleset_escaped(tmp_path: Path, hostile: str) -> None:
    ruleset = tmp_path / "evil.yaml"
    ruleset.write_text(
        "ruleset: evil\nversion: '1'\n"
        f"title: {yaml_string('Evil' + hostile)}\n"
        "extends: dakar-2026-stock\n"
        "rules:\n"
        "  - id: EV-1\n"
        f"    title: {yaml_string('Shell' + hostile)}\n"
        "    area: chassis\n"
        f"    article: {yaml_string('Art.' + hostile)}\n"
        "    provenance: published\n"
        f"    source: {yaml_string('source' + hostile)}\n"
        "    severity: error\n"
        f"    check: {{value: build.chassis.bodyshell, equals: {yaml_string(yaml_string('shell' + hostile))}}}\n"
        "    examples:\n"
        f"      - set: {{build.chassis.bodyshell: {yaml_string('other' + hostile)}}}\n"
        "        expect: pass\n", "utf-8")  # fmt: skip
    rules = run_cli("rules", ruleset)
    selftest = run_cli("test", ruleset)
    assert rules.status == 0, rules.err
    assert selftest.status == 1, selftest.out + selftest.err
    assert_all_printable(rules.out, rules.err, selftest.out, selftest.err)
    # the catalogue folds white space (a note's line breaks) into one space, and escapes the rest
    folded = " ".join(("Evil" + hostile).split())
    assert rules.lines[0] in (f"evil 1: {printable('Evil' + hostile)}", f"evil 1: {folded}")
    assert "EV-1" in selftest.out


def test_a_file_name_that_does_not_print_is_escaped_in_the_refusal(tmp_path: Path, hostile: str) -> None:
    if "\x00" in hostile:
        pytest.skip("no file name holds NUL")
    name = "car" + hostile.replace("/", "_") + ".yaml"
    (tmp_path / name).write_text("- not a spec\n", "utf-8")
    for options in [(), ("--format", "github"), ("--format", "junit")]:
        ran = run_cli("check", name, *options, cwd=tmp_path)
        assert ran.status == 2
        assert_all_printable(ran.err, *([ran.out] if options != ("--format", "junit") else []))
    assert_one_input_error(run_cli("check", name, cwd=tmp_path),
                           f"{printable(name)}:1:1: expected a build spec (a YAML mapping), got a list")


def test_usage_errors_show_what_does_not_print_escaped(hostile: str) -> None:
    for args in [("check", "--format", "x" + hostile, "s.yaml"), ("check", "--on", "d" + hostile, "s.yaml"),
                 ("explain", "--no-such" + hostile)]:  # fmt: skip
        ran = run_cli(*args)
        assert (ran.status, ran.out) == (2, "")
        assert len(ran.err_lines) == 1
        assert ran.err.startswith("homologate: ")
        assert_all_printable(ran.err)


@pytest.mark.parametrize("size", [2_000, 900_000])
def test_an_error_line_is_short_whatever_the_input_holds(tmp_path: Path, size: int) -> None:
    key = "k" * size  # an explicit key (? key), as long as YAML allows
    spec = tmp_path / "spec.yaml"
    spec.write_text((SPECS / "defender-d7x-r.yaml").read_text("utf-8") + f"? {key}\n: 1\n", "utf-8")
    ran = run_cli("check", spec.name, cwd=tmp_path)
    assert ran.status == 2
    [line] = ran.err_lines
    assert line.startswith("spec.yaml:")
    assert "k" * 30 in line
    assert len(line) <= MAX_MESSAGE + 30


SECRETS = {
    "shadow": ("root:$6$salt$hashhashhashhashhash:19000:0:99999:7:::\n",  # YAML reads a key
               "expected a build spec, found a mapping with none of its fields "
               "(spec_version, vehicle, production, build, waivers)"),
    "json": ('{"auths": {"root.example": {"auth": "hashhash"}}}\n', "expected a build spec, found a mapping with "
             "none of its fields (spec_version, vehicle, production, build, waivers)"),
    "text": ("root hashhashhash\nhash\n", "expected a build spec (a YAML mapping), got a text"),
    "number": ("1234567890\n", "expected a build spec (a YAML mapping), got a number"),
}


@pytest.mark.parametrize("secret_text", sorted(SECRETS))
def test_a_file_read_whole_is_described_not_quoted(tmp_path: Path, secret_text: str) -> None:
    """A spec that is a link to a secret (a PR adds specs/x.yaml -> /etc/shadow) does not copy the secret
    into a refusal that SARIF and workflow annotations may publish."""
    content, refusal = SECRETS[secret_text]
    secret = tmp_path / "secret"
    secret.write_text(content, "utf-8")
    (tmp_path / "x.yaml").symlink_to(secret)
    for fmt in ["text", "sarif", "github", "json", "junit"]:
        ran = run_cli("check", "x.yaml", "--format", fmt, cwd=tmp_path)
        assert ran.status == 2
        shown = ran.out + ran.err
        assert ("hash" not in shown, "root" not in shown, "1234567890" not in shown) == (True, True, True)
    assert_one_input_error(run_cli("check", "x.yaml", cwd=tmp_path), f"x.yaml:1:1: {refusal}")


# --- what homologate reads ------------------------------------------------------------------------------


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def unix_socket(folder: Path, name: str) -> Path:
    path = folder / name
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


NOT_REGULAR: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "fifo": (fifo, "a named pipe (FIFO)"),
    "socket": (unix_socket, "a socket"),
}


@pytest.fixture(params=sorted(NOT_REGULAR))
def not_regular(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], tuple[str, str]]:
    """Make a file of this kind named ``name`` in tmp_path; gives its name and the kind the refusal says."""
    make, kind = NOT_REGULAR[request.param]

    def made(name: str) -> tuple[str, str]:
        make(tmp_path, name)
        return name, kind

    return made


def spec_copy(folder: Path) -> Path:
    spec = folder / "car.yaml"
    spec.write_text((SPECS / "defender-d7x-r.yaml").read_text("utf-8"), "utf-8")
    return spec


def test_a_pipe_or_socket_is_refused_wherever_a_file_is_read(tmp_path: Path, not_regular: Callable[..., Any]) -> None:
    """Each place a file is read: a spec, a spec matched by a pattern, --waivers, --rules, a JSON --baseline,
    init's form, explain's spec, diff's specs; none waits for a writer."""
    spec_copy(tmp_path)
    name, kind = not_regular("odd.yaml")
    json_name, _ = not_regular("odd.json")
    cases = {
        ("check", name): f"{name}:1:1: expected a YAML file, got {kind}",
        ("check", "o*.yaml"): f"{name}:1:1: expected a YAML file, got {kind}",
        ("check", "car.yaml", "--waivers", name): f"{name}:1:1: expected a YAML file, got {kind}",
        ("check", "car.yaml", "--rules", f"./{name}"): f"{name}:1:1: expected a YAML file, got {kind}",
        ("check", "car.yaml", "--baseline", json_name):
            f"{json_name}:1:1: --baseline: expected a JSON report file, got {kind}",
        ("init", "--from-homologation", name, "-o", "new.yaml"): f"{name}:1:1: expected a YAML file, got {kind}",
        ("explain", "T2-BODYSHELL", name): f"{name}:1:1: expected a YAML file, got {kind}",
        ("diff", "car.yaml", name): f"{name}:1:1: expected a YAML file, got {kind}",
        ("rules", f"./{name}"): f"{name}:1:1: expected a YAML file, got {kind}",
    }
    for args, line in cases.items():
        assert_one_input_error(run_cli(*args, cwd=tmp_path), line)
    assert not (tmp_path / "new.yaml").exists()


def test_a_ruleset_extending_a_pipe_is_refused(tmp_path: Path) -> None:
    fifo(tmp_path, "base.yaml")
    (tmp_path / "event.yaml").write_text("ruleset: e\nversion: '1'\ntitle: E\nextends: base.yaml\nrules: []\n")
    spec_copy(tmp_path)
    ran = run_cli("check", "car.yaml", "--rules", "event.yaml", cwd=tmp_path)
    assert ran.status == 2
    assert ran.err_lines[0].endswith("expected a YAML file, got a named pipe (FIFO)"), ran.err


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_not_read(tmp_path: Path, device: str) -> None:
    """/dev/zero as a JSON baseline once read 1.8 GB; a link to a device is refused as the device is."""
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    spec_copy(tmp_path)
    (tmp_path / "dev.json").symlink_to(device)
    (tmp_path / "dev.yaml").symlink_to(device)
    assert_one_input_error(run_cli("check", "car.yaml", "--baseline", "dev.json", cwd=tmp_path),
                           "dev.json:1:1: --baseline: expected a JSON report file, got a character device")
    assert_one_input_error(run_cli("check", "dev.yaml", cwd=tmp_path),
                           "dev.yaml:1:1: expected a YAML file, got a character device")
    assert_one_input_error(run_cli("check", "car.yaml", "--waivers", device, cwd=tmp_path),
                           f"{device}:1:1: expected a YAML file, got a character device")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_json_baseline_over_its_size_limit_is_refused(tmp_path: Path) -> None:
    from checker.evaluate.baseline import MAX_BASELINE_BYTES

    spec_copy(tmp_path)
    with (tmp_path / "big.json").open("wb") as big:
        big.truncate(MAX_BASELINE_BYTES + 1)  # sparse: no disk used
    assert_one_input_error(run_cli("check", "car.yaml", "--baseline", "big.json", cwd=tmp_path),
                           "big.json:1:1: --baseline: file is larger than the 64 MiB limit")


@pytest.mark.parametrize(("number", "what"), [
    ("9" * 5000, "a number of 5000 digits"),
    ("-" + "1" * 25, "a number of 25 digits"),
    ("NaN", "'NaN'"),
    ("Infinity", "'Infinity'"),
    ("-Infinity", "'-Infinity'"),
    ("1e999", "'1e999'"),
])  # fmt: skip
def test_a_json_baseline_with_an_absurd_number_is_refused_where_it_is(tmp_path: Path, number: str,
                                                                      what: str) -> None:  # fmt: skip
    spec_copy(tmp_path)
    report = run_cli("check", "car.yaml", "--format", "json", cwd=tmp_path).out
    assert '\n            "line": 60,' not in report  # the compliant car's findings have other lines
    data = json.loads(report)
    data["reports"][0]["findings"][0]["line"] = "PLACEHOLDER"
    text = json.dumps(data, indent=2).replace('"PLACEHOLDER"', number)
    (tmp_path / "base.json").write_text(text, "utf-8")
    at = text.index(number)
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    assert_one_input_error(run_cli("check", "car.yaml", "--baseline", "base.json", cwd=tmp_path),
                           f"base.json:{line}:{column}: --baseline: expected a finite number of at most 20 digits, "
                           f"got {what}")


def test_an_empty_argument_is_refused_not_taken_for_the_current_folder(tmp_path: Path) -> None:
    spec_copy(tmp_path)
    for args in [("",), ("car.yaml", "")]:
        ran = run_cli("check", *args, cwd=tmp_path)
        assert ran.status == 2
        assert ran.err_lines == ["'':1:1: expected a spec file, a folder or a pattern, got an empty argument"]
        assert ("car.yaml" in ran.out) == ("car.yaml" in args)


EMPTY_ARGUMENTS = {  # what each command would otherwise have made of "" (an unset "$VARIABLE")
    "check --rules": (("check", "car.yaml", "--rules", ""), "'--rules'", "a bundled ruleset's name or a ruleset file"),
    "check --waivers": (("check", "car.yaml", "--waivers", ""), "'--waivers'", "a waivers file"),
    "check --baseline": (("check", "car.yaml", "--baseline", ""), "'--baseline'", "a git revision or a JSON report"),
    "check --on": (("check", "car.yaml", "--on", ""), "'--on'", "a date such as 2026-01-03"),
    "check -o": (("check", "car.yaml", "-o", ""), "'-o' / '--output'", "a file name"),
    "report -o": (("report", "car.yaml", "-o", ""), "'-o' / '--output'", "a file name"),
    "diff OLD": (("diff", "", "car.yaml"), "'OLD'", "a spec file or REV:PATH"),
    "diff NEW": (("diff", "car.yaml", ""), "'[NEW]'", "a spec file"),
    "explain RULE_ID": (("explain", "", "car.yaml"), "'RULE_ID'", "a rule id"),
    "explain SPEC": (("explain", "T2-WHEELBASE", ""), "'[SPEC]'", "a spec file"),
    "rules": (("rules", ""), "'[NAME|PATH]'", "a bundled ruleset's name or a ruleset file"),
    "rules -o": (("rules", "-o", ""), "'-o' / '--output'", "a file name"),
    "test": (("test", "fia-t2-base", ""), "'[NAME|PATH]...'", "a bundled ruleset's name or a ruleset file"),
    "init --from-homologation": (("init", "--from-homologation", "", "-o", "new.yaml"), "'--from-homologation'",
                                 "a homologation form file"),
    "init -o": (("init", "--from-homologation", "car.yaml", "-o", ""), "'-o' / '--output'", "a file name"),
    "schema -o": (("schema", "spec", "-o", ""), "'-o' / '--output'", "a file name"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "option", "expected"), EMPTY_ARGUMENTS.values(), ids=EMPTY_ARGUMENTS)
def test_an_empty_option_or_argument_is_a_usage_error_naming_it(tmp_path: Path, args: tuple[str, ...], option: str,
                                                                expected: str) -> None:  # fmt: skip
    spec_copy(tmp_path)
    ran = run_cli(*args, cwd=tmp_path)
    assert_usage_error(ran, option, f"expected {expected}, got an empty argument")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["car.yaml"]  # nothing written


@pytest.mark.parametrize("date", ["20260102", "2026-1-2", "\uff12026-01-02", "2026-02-30", "2026-01-02T00:00"])
def test_on_takes_a_date_written_as_a_spec_writes_one(date: str) -> None:
    date = date.encode().decode("unicode_escape")
    ran = run_cli("check", "car.yaml", "--on", date)
    assert_usage_error(ran, "'--on'", f"expected a date such as 2026-01-03, got {date!r}")


def test_a_long_value_in_a_usage_error_is_clipped(tmp_path: Path) -> None:
    spec_copy(tmp_path)
    for args in [("explain", "X" * 5000), ("report", "car.yaml", "-o", "X" * 200), ("diff", "Y" * 5000)]:
        ran = run_cli(*args, cwd=tmp_path)
        assert (ran.status, ran.out, len(ran.err_lines)) == (2, "", 1)
        assert "X" * 38 not in ran.err, ran.err
        assert "Y" * 38 not in ran.err, ran.err
        assert "..." in ran.err, ran.err


# --- folders and patterns -------------------------------------------------------------------------------


def loops(root: Path) -> Path:
    """A tree with links back up (to itself, to its parent, to its root's parent), a link out of it to a
    secret, and two real specs."""
    tree = root / "L"
    (tree / "a" / "b").mkdir(parents=True)
    spec_copy(tree / "a")
    spec_copy(tree / "a" / "b")
    (tree / "a" / "self").symlink_to(".")
    (tree / "a" / "b" / "up").symlink_to("../..")
    (tree / "a" / "out").symlink_to("../..")  # root: outside L
    (root / "secret.yaml").write_text("x: 1\n")
    (tree / "leak.yaml").symlink_to(root / "secret.yaml")
    (tree / "inside.yaml").symlink_to("a/car.yaml")  # a link that stays inside: the same spec, checked once
    return tree


OUT = "1:1: a link out of the folder checked: not followed (name the file itself to check it)"


@pytest.mark.parametrize(("arg", "refused"), [
    ("L", ["L/a/out", "L/leak.yaml"]),
    ("L/**", ["L/a/out", "L/leak.yaml"]),
    ("L/**/*.yaml", ["L/a/out", "L/leak.yaml"]),
    ("L/*", ["L/a/b/up", "L/a/out", "L/leak.yaml"]),  # L/a is the folder walked: its link up leads out of it
    ("L/*/**/*.y*ml", ["L/a/out"]),  # a link to a folder out of L is refused where a pattern would go through it
    ("./L/**/car.yaml", ["L/a/out"]),
])  # fmt: skip
def test_links_are_followed_inside_the_tree_only_and_each_folder_once(tmp_path: Path, arg: str,
                                                                      refused: list[str]) -> None:  # fmt: skip
    """Links back up (a loop) are followed once, a link inside to a spec checked once, links out refused."""
    loops(tmp_path)
    ran = run_cli("check", arg, "-q", cwd=tmp_path)
    checked = [line.split(":")[0] for line in ran.lines if ": Land Rover " in line]
    assert checked == ["L/a/b/car.yaml", "L/a/car.yaml"], ran.out
    assert ran.err_lines == [f"{name}:{OUT}" for name in refused]
    assert ran.status == 2


def test_a_link_named_is_followed(tmp_path: Path) -> None:
    loops(tmp_path)
    ran = run_cli("check", "L/leak.yaml", cwd=tmp_path)
    assert ran.err_lines == ["L/leak.yaml:1:1: expected a build spec, found a mapping with none of its fields "
                             "(spec_version, vehicle, production, build, waivers)"]


def test_the_walkers_visit_each_real_folder_once(tmp_path: Path) -> None:
    tree = loops(tmp_path)
    for i in range(12):  # links to every level from a deep chain: 2**12 paths if followed as paths
        (tree / "a" / f"loop{i}").symlink_to(".")
    below = [str(p) if isinstance(p, Path) else f"refused {p.file}" for p in files_below(tree, (".yaml",))]
    assert below == [str(tree / "a/b/car.yaml"), str(tree / "a/car.yaml"), f"refused {tree / 'a/out'}",
                     str(tree / "inside.yaml"), f"refused {tree / 'leak.yaml'}"]
    found = [p for p in matching(str(tree) + "/**/*.yaml", (".yaml",)) if isinstance(p, Path)]
    assert found == [tree / "a/b/car.yaml", tree / "a/car.yaml", tree / "inside.yaml"]
