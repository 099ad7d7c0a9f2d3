"""checker.read.document: safe YAML with limits, and a file:line:column for every value and key."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read import document as document_module
from checker.read.document import MAX_DEPTH, MAX_NODES, Document, load_file, parse
from checker.read.files import MAX_BYTES
from tests.helpers import ROOT, both_readings, yaml_problem


def error_of(text: str, name: str = "f.yaml") -> str:
    """The one-line message parse() raises for ``text``."""
    with pytest.raises(InputError) as info:
        parse(text, name)
    return str(info.value)


def file_error_of(tmp_path: Path, raw: bytes, display: str | None = "spec.yaml") -> str:
    path = tmp_path / "spec.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        load_file(path, display)
    return str(info.value)


# --- valid data and positions ---------------------------------------------------------------------

DOC = """\
# a comment
vehicle:
  make: Land Rover
  sizes: [36 mm, 38 mm]
  seats:
    - {standard: FIA 8862-2009, made: 2025-05-12}
    - standard: FIA 8855-1999
      made: 2024-01-31
  base: &b {x: 1}
  copy: *b
"""


@pytest.fixture
def doc() -> Document:
    return parse(DOC, "f.yaml")


def test_parse_returns_plain_python_data(doc: Document) -> None:
    assert doc.file == "f.yaml"
    assert doc.data == {
        "vehicle": {
            "make": "Land Rover",
            "sizes": ["36 mm", "38 mm"],
            "seats": [
                {"standard": "FIA 8862-2009", "made": dt.date(2025, 5, 12)},
                {"standard": "FIA 8855-1999", "made": dt.date(2024, 1, 31)},
            ],
            "base": {"x": 1},
            "copy": {"x": 1},
        }
    }


def test_scalars_resolve_to_plain_types() -> None:
    data = parse("i: 8\nf: 4.4\nb: true\nn: ~\ns: 4x4\nd: 2026-01-03\nq: '8'\n", "f.yaml").data
    assert data == {"i": 8, "f": 4.4, "b": True, "n": None, "s": "4x4", "d": dt.date(2026, 1, 3), "q": "8"}
    assert [type(v) for v in data.values()] == [int, float, bool, type(None), str, dt.date, str]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("OFF", "OFF"),
        ("y", "y"),
        ("n", "n"),
        ("Y", "Y"),
    ],
)
def test_only_true_and_false_are_booleans_as_in_yaml_1_2(value: str, expected: object) -> None:
    data = parse(f"a: {value}\n", "f.yaml").data
    assert data == {"a": expected}
    assert type(data["a"]) is type(expected)


def test_yes_no_on_off_are_text_keys() -> None:
    assert parse("yes: 1\nno: 2\non: 3\noff: 4\n", "f.yaml").data == {"yes": 1, "no": 2, "on": 3, "off": 4}


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ((), (2, 1)),  # the root mapping starts at its first key, after the comment
        (("vehicle",), (3, 3)),
        (("vehicle", "make"), (3, 9)),
        (("vehicle", "sizes"), (4, 10)),
        (("vehicle", "sizes", 0), (4, 11)),
        (("vehicle", "sizes", 1), (4, 18)),
        (("vehicle", "seats"), (6, 5)),
        (("vehicle", "seats", 0), (6, 7)),
        (("vehicle", "seats", 0, "made"), (6, 39)),
        (("vehicle", "seats", 1, "standard"), (7, 17)),
        (("vehicle", "seats", 1, "made"), (8, 13)),
        (("vehicle", "base"), (9, 9)),  # where the node starts: its anchor
        (("vehicle", "copy"), (10, 9)),  # an alias is placed where the alias is written
    ],
)
def test_value_positions(doc: Document, path: tuple, position: tuple[int, int]) -> None:
    assert doc.position(path) == position


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("vehicle",), (2, 1)),
        (("vehicle", "make"), (3, 3)),
        (("vehicle", "sizes"), (4, 3)),
        (("vehicle", "seats", 0, "standard"), (6, 8)),
        (("vehicle", "seats", 0, "made"), (6, 33)),
        (("vehicle", "seats", 1, "made"), (8, 7)),
    ],
)
def test_key_positions(doc: Document, path: tuple, position: tuple[int, int]) -> None:
    assert doc.position(path, key=True) == position


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("vehicle", "nope"), (3, 3)),  # -> ('vehicle',)
        (("vehicle", "make", "deeper", 3), (3, 9)),  # -> ('vehicle', 'make')
        (("vehicle", "sizes", 7), (4, 10)),  # an index past the end -> the list
        (("vehicle", "copy", "x"), (10, 9)),  # inside an alias -> the alias
        (("elsewhere",), (2, 1)),  # -> the root
    ],
)
def test_position_falls_back_to_nearest_ancestor(doc: Document, path: tuple, position: tuple[int, int]) -> None:
    assert doc.position(path) == position


def test_key_position_falls_back_to_the_value_where_there_is_no_key(doc: Document) -> None:
    assert doc.position(("vehicle", "sizes", 1), key=True) == (4, 18)  # a list item has no key
    assert doc.position(("vehicle", "nope"), key=True) == (3, 3)


def test_position_of_a_document_without_positions_is_1_1() -> None:
    assert Document("f.yaml", {}, {}, {}).position(("a", "b")) == (1, 1)


def test_error_names_file_line_and_column(doc: Document) -> None:
    error = doc.error(("vehicle", "make"), "boom", key=True)
    assert (error.file, error.line, error.column, error.message) == ("f.yaml", 3, 3, "boom")
    assert str(error) == "f.yaml:3:3: boom"
    assert str(doc.error(("vehicle", "make"), "boom")) == "f.yaml:3:9: boom"


def test_a_document_end_marker_is_allowed() -> None:
    assert parse("a: 1\n...\n", "f.yaml").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: !!str 12\n", "12"),
        ("a: !!int '12'\n", 12),
        ("a: !!map {b: 1}\n", {"b": 1}),
        ("a: !!seq [1]\n", [1]),
    ],
)
def test_standard_plain_data_tags_are_accepted(text: str, value: object) -> None:
    assert parse(text, "f.yaml").data == {"a": value}


@pytest.mark.parametrize(("text", "value"), [("a: <<\n", "<<"), ("a: =\n", "=")])
def test_merge_and_value_indicators_as_values_are_plain_text(text: str, value: str) -> None:
    assert parse(text, "f.yaml").data == {"a": value}


# --- malformed YAML ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\n", "f.yaml:2:1: invalid YAML: {}"),
        ("a: b: c\n", "f.yaml:1:5: invalid YAML: {}"),
        ("a:\n\tb: 1\n", "f.yaml:2:1: invalid YAML: {}"),
        ("a: 'open\n", "f.yaml:2:1: invalid YAML: {}"),
        ("é: é: 1\n", "f.yaml:1:5: invalid YAML: {}"),
    ],
)
def test_malformed_yaml(text: str, message: str) -> None:
    # the position and the prefix are ours; the words after it libyaml's (tests.helpers.yaml_problem)
    assert error_of(text) == message.format(yaml_problem(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first given on line 1)"),
        ("x:\n  a: 1\n\n  a: 2\n", "f.yaml:4:3: duplicate key 'a' (first given on line 2)"),
        ("- {k: 1, k: 2}\n", "f.yaml:1:10: duplicate key 'k' (first given on line 1)"),
        ("a: 1\r\nb: 2\r\nb: 3\r\n", "f.yaml:3:1: duplicate key 'b' (first given on line 2)"),
    ],
)
def test_duplicate_keys_are_refused_naming_the_first(text: str, message: str) -> None:
    assert error_of(text) == message


# --- tags: refused, never executed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "f.yaml:1:4: YAML tags are not allowed here: !!python/object/apply:os.system",
        ),
        (
            "!!python/object/apply:os.system ['true']\n",
            "f.yaml:1:1: YAML tags are not allowed here: !!python/object/apply:os.system",
        ),
        (
            "a: !<tag:yaml.org,2002:python/object/apply:os.system> ['true']\n",
            "f.yaml:1:4: YAML tags are not allowed here: !!python/object/apply:os.system",
        ),
        ("a: !!python/name:os.system ''\n", "f.yaml:1:4: YAML tags are not allowed here: !!python/name:os.system"),
        ("? !!python/object/apply:os.system ['true']\n: 1\n",
         "f.yaml:1:3: YAML tags are not allowed here: !!python/object/apply:os.system"),
        ("a: !foo bar\n", "f.yaml:1:4: YAML tags are not allowed here: !foo"),
        ("a: !foo {b: 1}\n", "f.yaml:1:4: YAML tags are not allowed here: !foo"),
        ("a: !foo [1]\n", "f.yaml:1:4: YAML tags are not allowed here: !foo"),
        ("a: !!binary aGVsbG8=\n", "f.yaml:1:4: YAML tags are not allowed here: !!binary"),
        ("!!set {a, b}\n", "f.yaml:1:1: YAML tags are not allowed here: !!set"),
        ("a: !!seq {b: 1}\n", "f.yaml:1:4: YAML tags are not allowed here: !!seq"),
    ],
)
def test_tags_are_refused(text: str, message: str) -> None:
    assert error_of(text) == message


@pytest.mark.parametrize(
    "template",
    [
        "a: !!python/object/apply:os.system ['touch {marker}']\n",
        "!!python/object/apply:os.system ['touch {marker}']\n",
        "a: !!python/object/apply:subprocess.call [[touch, {marker}]]\n",
        "a: !!python/object/new:subprocess.Popen [[touch, {marker}]]\n",
    ],
)
def test_python_tags_are_never_executed(tmp_path: Path, template: str) -> None:
    marker = tmp_path / "executed"
    with pytest.raises(InputError, match="YAML tags are not allowed here"):
        parse(template.format(marker=marker), "f.yaml")
    assert not marker.exists()


# --- aliases ---------------------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_at_the_value_past_the_limit() -> None:
    message = error_of(BILLION_LAUGHS)
    assert message == f"f.yaml:5:23: more than {MAX_NODES} values (after expanding aliases): refused"


def test_aliases_within_the_limit_are_expanded() -> None:
    data = parse("a: &a [1, 2]\nb: [*a, *a]\n", "f.yaml").data
    assert data == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [*x]\n", "f.yaml:1:8: alias *x names no complete anchor"),
        ("a: &x {b: *x}\n", "f.yaml:1:11: alias *x names no complete anchor"),
        ("a: *nope\n", "f.yaml:1:4: alias *nope names no complete anchor"),
    ],
)
def test_recursive_and_unknown_aliases_are_refused(text: str, message: str) -> None:
    assert error_of(text) == message


def test_node_limit_is_exact() -> None:
    # the list itself is one value: MAX_NODES - 1 items fit, MAX_NODES items do not
    assert len(parse("[" + ",".join(["1"] * (MAX_NODES - 1)) + "]", "f.yaml").data) == MAX_NODES - 1
    text = "[" + ",".join(["1"] * MAX_NODES) + "]"
    assert error_of(text) == (
        f"f.yaml:1:{2 * MAX_NODES}: more than {MAX_NODES} values (after expanding aliases): refused")


# --- nesting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 999])
def test_flow_nesting_beyond_the_limit_is_refused_where_it_passes_the_limit(depth: int) -> None:
    assert error_of("[" * depth + "]" * depth) == (
        f"f.yaml:1:{MAX_DEPTH + 1}: nested deeper than {MAX_DEPTH} levels: refused")


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_flow_nesting_100000_deep_is_refused_without_crashing(closed: bool) -> None:
    # libyaml itself may stop a document this deep before its events reach the composer (its own limit,
    # since PyYAML 6.0.4, words it its way): the promise is ours, one line in the file, past the limit
    message = error_of("[" * 100_000 + ("]" * 100_000 if closed else ""))
    match = re.fullmatch(r"f\.yaml:1:(\d+): (.+)", message)
    assert match is not None, message
    assert MAX_DEPTH < int(match.group(1)) <= 100_000


def test_flow_nesting_at_the_limit_is_accepted() -> None:
    data = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml").data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


def block_mappings(depth: int) -> str:
    return "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "leaf\n"


def test_block_nesting_at_the_limit_is_accepted() -> None:
    data = parse(block_mappings(MAX_DEPTH), "f.yaml").data
    for _ in range(MAX_DEPTH - 1):
        data = data["a"]
    assert data == {"a": "leaf"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (block_mappings(MAX_DEPTH + 1), "f.yaml:33:65: nested deeper than 32 levels: refused"),
        (block_mappings(500), "f.yaml:33:65: nested deeper than 32 levels: refused"),
        ("".join("  " * i + "-\n" for i in range(40)), "f.yaml:33:65: nested deeper than 32 levels: refused"),
    ],
    ids=["mappings-33", "mappings-500", "sequences-40"],
)
def test_block_nesting_deeper_than_the_limit_is_refused(text: str, message: str) -> None:
    assert error_of(text) == message


# --- documents -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: expected one YAML document, found a second one"),
        ("---\na: 1\n---\nb: 2\n", "f.yaml:3:1: expected one YAML document, found a second one"),
        ("a: 1\n...\n---\nb: 2\n", "f.yaml:3:1: expected one YAML document, found a second one"),
    ],
)
def test_more_than_one_document_is_refused(text: str, message: str) -> None:
    assert error_of(text) == message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "# one\n# two\n", "   \n\n"])
def test_empty_or_comment_only_file_is_refused(text: str) -> None:
    assert error_of(text) == "f.yaml:1:1: the file is empty: expected a YAML mapping"


def test_an_empty_document_marker_is_an_empty_value() -> None:
    assert parse("---\n", "f.yaml").data is None


# --- bytes, size, files ----------------------------------------------------------------------------


def test_nul_byte_is_refused_on_its_line() -> None:
    assert error_of("a: 1\nb: \x00\n").startswith("f.yaml:2:")
    assert error_of("a: 1\nb: \x00\n").endswith(": expected YAML text, found a NUL byte")


def test_nul_byte_is_reported_at_its_column() -> None:
    assert error_of("a: 1\nb: \x00\n") == "f.yaml:2:4: expected YAML text, found a NUL byte"


@pytest.mark.parametrize(
    ("raw", "position"),
    [
        (b"a: \xff\n", "1:4"),
        (b"\xff", "1:1"),
        (b"a: 1\nb: ab\xc3(\n", "2:6"),
        (b"a: 1\r\nb: \xff\r\n", "2:4"),
        ("a: 1\n".encode("utf-16"), "1:1"),
    ],
)
def test_text_that_is_not_utf8_is_refused_at_the_bad_byte(tmp_path: Path, raw: bytes, position: str) -> None:
    message = file_error_of(tmp_path, raw)
    assert message == f"spec.yaml:{position}: expected UTF-8 text, found a byte that is not UTF-8"


def test_not_utf8_column_counts_characters_like_yaml_errors(tmp_path: Path) -> None:
    message = file_error_of(tmp_path, "a: é".encode() + b"\xff\n")
    assert message == "spec.yaml:1:5: expected UTF-8 text, found a byte that is not UTF-8"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(path).data == {"a": 1}


def test_file_of_exactly_the_size_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert len(load_file(path).data["a"]) == MAX_BYTES - 4


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    raw = b"a: " + b"x" * (MAX_BYTES - 3) + b"\n"
    assert len(raw) == MAX_BYTES + 1
    assert file_error_of(tmp_path, raw) == "spec.yaml:1:1: file is larger than the 1 MiB limit"


def test_text_over_the_size_limit_is_refused_by_parse() -> None:
    assert error_of("#" * (MAX_BYTES + 1)) == "f.yaml:1:1: file is larger than the 1 MiB limit"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert str(info.value) == "nope.yaml:1:1: no such file"


def test_missing_file_is_named_by_its_path_without_a_display_name(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as info:
        load_file(path)
    assert str(info.value) == f"{path}:1:1: no such file"


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_file(tmp_path, "specs")
    assert str(info.value) == "specs:1:1: expected a YAML file, got a folder"


def test_load_file_names_the_document_by_display_name(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("a: 1\nb: [\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_file(path, "specs/x.yaml")
    assert str(info.value) == f"specs/x.yaml:3:1: invalid YAML: {yaml_problem('a: 1' + chr(10) + 'b: [')}"


# --- keys ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1: a\n", "f.yaml:1:1: expected a text key, got 1"),
        ("1.5: a\n", "f.yaml:1:1: expected a text key, got 1.5"),
        ("true: a\n", "f.yaml:1:1: expected a text key, got true"),
        ("~: a\n", "f.yaml:1:1: expected a text key, got nothing"),
        ("2026-01-03: a\n", "f.yaml:1:1: expected a text key, got the date 2026-01-03"),
        ("? [1, 2]\n: a\n", "f.yaml:1:8: expected a text key, got a list"),
        ("? {a: 1}\n: a\n", "f.yaml:1:8: expected a text key, got a mapping"),
        ("x:\n  8: cylinders\n", "f.yaml:2:3: expected a text key, got 8"),
    ],
)
def test_non_text_keys_are_refused(text: str, message: str) -> None:
    assert error_of(text) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("base: &b {x: 1}\nc:\n  <<: *b\n",
         "f.yaml:3:3: YAML merge keys ('<<') are not supported: write the values out"),
        ("c: {<<: {x: 1}}\n", "f.yaml:1:5: YAML merge keys ('<<') are not supported: write the values out"),
    ],
)
def test_merge_keys_are_refused(text: str, message: str) -> None:
    assert error_of(text) == message


# --- scalar values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("d: 2026-02-30\n", "f.yaml:1:4: '2026-02-30' is not a valid date"),
        ("d: 2025-02-29\n", "f.yaml:1:4: '2025-02-29' is not a valid date"),
        ("d: 2026-13-01\n", "f.yaml:1:4: '2026-13-01' is not a valid date"),
        ("- {seat: 2026-04-31}\n", "f.yaml:1:10: '2026-04-31' is not a valid date"),
    ],
)
def test_invalid_dates_are_refused(text: str, message: str) -> None:
    assert error_of(text) == message


def test_valid_leap_day_is_a_date() -> None:
    assert parse("d: 2028-02-29\n", "f.yaml").data == {"d": dt.date(2028, 2, 29)}


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.inf", ".Inf", ".NaN", ".nan", "1.0e+400"])
def test_non_finite_numbers_are_refused(value: str) -> None:
    assert error_of(f"x: {value}\n") == f"f.yaml:1:4: expected a finite number, got {value}"


def test_huge_integer_is_refused_with_a_clipped_message() -> None:
    message = error_of("x: " + "9" * 5000 + "\n")
    assert message == "f.yaml:1:4: expected a whole number of at most 18 digits, got '" + "9" * 37 + "...'"
    assert len(message) < 110  # clipped


# --- the fast path: libyaml's C composer, then one walk ---------------------------------------------------

BUNDLED = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "rules").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_files_take_the_fast_path_and_read_as_the_event_composer_reads_them(path: Path) -> None:
    fast, events = both_readings(path.read_text("utf-8"))
    assert fast is not None, "the fast path gave up on a bundled file"
    assert fast == events


FAST_PATH_TEXT = """\
vehicle:
  make: 'Land Rover'
  notes: |
    two
    lines
  folded: >-
    folded
    text
  long: plain text
    over two lines
  sizes: [36 mm, "38 mm", {a: 1}, [], {}]
  empty:
  numbers: [010, 0o17, 0x1F, +5, -3, 1.5e3, .5, 1.]
  text: [0b1000, 1_000, '1:20', yes, no, on, off, ١٢, "0x1F", ~x]
  made: 2025-05-12
  when: 2025-05-12 10:30:00Z
  flags: [true, False, null, ~, Null]
"""


def test_the_fast_path_reads_positions_styles_and_yaml_1_2_scalars_as_the_event_composer() -> None:
    fast, events = both_readings(FAST_PATH_TEXT)
    assert fast is not None
    assert fast == events
    document = parse(FAST_PATH_TEXT, "f.yaml")
    vehicle = document.data["vehicle"]
    assert vehicle["numbers"] == [10, 15, 31, 5, -3, 1500.0, 0.5, 1.0]
    assert vehicle["text"] == ["0b1000", "1_000", "1:20", "yes", "no", "on", "off", "١٢", "0x1F", "~x"]
    assert vehicle["flags"] == [True, False, None, None, None]
    assert document.position(("vehicle", "sizes", 2, "a")) == (11, 31)
    assert document.position(("vehicle", "sizes", 2, "a"), key=True) == (11, 28)
    assert document.position(("vehicle", "nothing", 3)) == (2, 3)  # the nearest value there is
    assert document.text_position(("vehicle", "make"), 5) == (2, 15)  # after the quote
    assert document.text_position(("vehicle", "long"), 5) == (9, 9)  # over two lines: where it starts
    assert ("vehicle", "sizes", 4) in document.values
    assert ("vehicle", "sizes", 5) not in document.values


# Each hostile kind: the fast path gives up, and the event composer refuses it with its message and place.
HOSTILE = [
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"f.yaml:1:{MAX_DEPTH + 1}: nested deeper than 32 levels: refused"),
    (block_mappings(MAX_DEPTH + 1), "f.yaml:33:65: nested deeper than 32 levels: refused"),
    ("- " * 40 + "x\n", f"f.yaml:1:{2 * MAX_DEPTH + 1}: nested deeper than 32 levels: refused"),
    (BILLION_LAUGHS, f"f.yaml:5:23: more than {MAX_NODES} values (after expanding aliases): refused"),
    ("[" + ",".join(["1"] * MAX_NODES) + "]",
     f"f.yaml:1:{2 * MAX_NODES}: more than {MAX_NODES} values (after expanding aliases): refused"),
    ("a: &x [*x]\n", "f.yaml:1:8: alias *x names no complete anchor"),
    ("a: *nope\n", "f.yaml:1:4: alias *nope names no complete anchor"),
    ("- {k: 1, k: 2}\n", "f.yaml:1:10: duplicate key 'k' (first given on line 1)"),
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first given on line 1)"),
    ("c: {<<: {x: 1}}\n", "f.yaml:1:5: YAML merge keys ('<<') are not supported: write the values out"),
    ("c: {'<<': 1}\n", "f.yaml:1:5: YAML merge keys ('<<') are not supported: write the values out"),
    ("a: !!python/object/apply:os.system ['true']\n",
     "f.yaml:1:4: YAML tags are not allowed here: !!python/object/apply:os.system"),
    ("a: !foo {b: 1}\n", "f.yaml:1:4: YAML tags are not allowed here: !foo"),
    ("a: !!str [1]\n", "f.yaml:1:4: YAML tags are not allowed here: !!str"),
    ("a: !!int 0b1000\n", "f.yaml:1:4: '0b1000' is not a valid whole number"),
    ("x:\n  8: cylinders\n", "f.yaml:2:3: expected a text key, got 8"),
    ("? [1, 2]\n: a\n", "f.yaml:1:8: expected a text key, got a list"),
    ("a: 1234567890123456789\n", "f.yaml:1:4: expected a whole number of at most 18 digits, got '1234567890123456789'"),
    ("a: 1e400\n", "f.yaml:1:4: expected a finite number, got 1e400"),
    ("a: .nan\n", "f.yaml:1:4: expected a finite number, got .nan"),
    ("d: 2026-02-30\n", "f.yaml:1:4: '2026-02-30' is not a valid date"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2:1: expected one YAML document, found a second one"),
    ("# only a comment\n", "f.yaml:1:1: the file is empty: expected a YAML mapping"),
    ("a: b\x07\n", "f.yaml:1:5: expected printable text, found the control character U+0007"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE, ids=[m.split(": ", 1)[1][:40] for _, m in HOSTILE])
def test_hostile_input_makes_the_fast_path_give_up_and_is_refused_as_before(text: str, message: str) -> None:
    assert document_module._from_tree(text, "f.yaml") is None
    assert error_of(text) == message


@pytest.mark.parametrize("closed", [True, False], ids=["closed", "unclosed"])
def test_100000_nested_brackets_make_the_fast_path_give_up(closed: bool) -> None:
    text = "[" * 100_000 + ("]" * 100_000 if closed else "")
    assert document_module._from_tree(text, "f.yaml") is None
    assert error_of(text).startswith("f.yaml:1:")


def test_without_libyaml_s_own_nesting_limit_the_fast_path_is_never_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML's C composer recurses on the C stack: where libyaml would nest without end, only events are read
    monkeypatch.setattr(document_module, "_libyaml_limits_nesting", lambda: False)
    assert document_module._from_tree("a: 1\n", "f.yaml") is None
    assert parse("a: 1\n", "f.yaml").data == {"a": 1}
    assert error_of("[" * 100_000).startswith("f.yaml:1:")


def test_a_text_larger_than_the_fast_path_takes_is_read_by_events_alone() -> None:
    text = "a: [" + ",".join(["1"] * (document_module._TREE_MAX_CHARS // 2)) + "]\n"
    assert document_module._from_tree(text, "f.yaml") is None
    assert error_of(text) == (
        f"f.yaml:1:{2 * MAX_NODES - 1}: more than {MAX_NODES} values (after expanding aliases): refused")
