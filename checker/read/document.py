"""The one way homologate reads YAML: safely, with limits, and with a position for every value.

Two composers build the same Document from libyaml's parser:

- the fast path (``_from_tree``): libyaml's own C composer builds the node tree (with the marks where each
  node starts) and one walk over it builds plain data, checking on the way what the event composer checks.
  Where the document holds anything unusual (an explicit tag, an alias, a duplicate or merge key, a value
  that is not valid, more than the limits, malformed YAML, a second document), it gives up and...
- the event composer (``_Composer``) reads the document again from libyaml's event stream and is the one that
  refuses, so every refusal is the event composer's, with its message and file:line:column. It enforces the
  limits below as it goes, refuses every YAML tag that would construct anything but plain data, refuses
  duplicate keys, resolves plain scalars by YAML 1.2's core schema (only true and false are booleans, so
  ``severity: off`` is the text "off"; 010 is ten; see ``_CORE``), and records where each value and key starts.

The fast path keeps positions out of its walk: the marks of values, keys and styles are gathered from the node
tree in one loop after it (``_marks``), and the tree is dropped.

PyYAML's C composer recurses on the C stack; it crashed at 100,000 nested brackets once, so the fast path runs
only where libyaml itself stops nesting at depth 1000 (checked once, ``_libyaml_limits_nesting``), and only on
texts of at most ``_TREE_MAX_CHARS``, so that a hostile megabyte of values is refused by the event composer's
counting without being composed as a tree first.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError
from checker.read.files import MAX_BYTES, decode, read_bytes, too_large
from checker.text import clip, describe

try:  # libyaml is several times faster; the pure-Python parser is the same grammar.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32
MAX_NODES = 50_000
MAX_INT = 10**18 - 1  # no count, year or version in a spec or a ruleset comes near
_INT_DIGITS = len(str(MAX_INT))

Path_ = tuple[Any, ...]  # a path into the document: keys (str) and list indices (int)

_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "null", "bool", "int", "float", "timestamp"))
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_CONSTRUCTOR = yaml.SafeLoader("")  # only its constructor of dates with a time is used


@dataclass
class Document:
    """A parsed YAML document: plain data plus where each value and key starts.

    Positions are kept as libyaml's marks (0-based) and turned into 1-based line and column only for
    the values a finding or an error names."""

    file: str
    data: Any
    values: dict[Path_, Any] = field(repr=False)  # path -> mark
    keys: dict[Path_, Any] = field(repr=False)
    styles: dict[Path_, str] = field(default_factory=dict, repr=False)  # quoted, block, ~ over several lines
    sha256: str | None = None  # of the file's bytes, when it was read from a file

    def text_position(self, path: Path_, offset: int) -> tuple[int, int]:
        """Where character ``offset`` of the text value at ``path`` stands in the file."""
        line, column = self.position(path)
        style = self.styles.get(tuple(path))
        if style and (style[0] in "|>" or style.endswith("~")):
            return line, column  # a block scalar or text over several lines: where the value starts
        return line, column + offset + (1 if style else 0)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or its key) at ``path``, else of its nearest ancestor."""
        path = tuple(path)
        mark = self.keys.get(path) if key else None
        while mark is None and path:
            mark = self.values.get(path)
            path = path[:-1]
        mark = mark or self.values.get(())
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def place(self, path: Path_) -> tuple[int, int] | tuple[None, None]:
        """As ``position``; (None, None) in a document made from data (checker.read.data), with no text."""
        return self.position(path) if self.values else (None, None)

    def error(self, path: Path_, message: str, *, key: bool = False) -> InputError:
        line, column = self.position(path, key=key)
        return InputError(self.file, line, column, message)


def load_file(path: Path, display: str | None = None) -> Document:
    """Parse a YAML file; the document records the SHA-256 of the bytes read (reports print it)."""
    name = display or str(path)
    return load_bytes(read_bytes(path, name), name)


def load_bytes(raw: bytes, name: str) -> Document:
    """Parse a YAML file's bytes read already (standard input, say), as ``load_file`` parses a file's."""
    document = parse(decode(raw, name), name)
    document.sha256 = hashlib.sha256(raw).hexdigest()
    return document


def parse(text: str, name: str) -> Document:
    """Parse one YAML document from ``text``; every problem is an InputError naming ``name``."""
    if len(text) > MAX_BYTES:
        raise too_large(name)
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise InputError(name, line, at - text.rfind("\n", 0, at), "expected YAML text, found a NUL byte")
    return _from_tree(text, name) or _from_events(text, name)


def _from_events(text: str, name: str) -> Document:
    """The document as the event composer builds it, or the InputError of its first problem."""
    composer = _Composer(name)
    loader = _Loader(text)
    try:
        return composer.run(loader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: it has an offset, not a mark
        at = exc.position
        if _Loader is not yaml.SafeLoader:  # libyaml counts bytes of UTF-8, not characters
            at = len(text.encode("utf-8")[:at].decode("utf-8", errors="ignore"))
        at = min(at, len(text))
        line = text.count("\n", 0, at) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(name, line, at - text.rfind("\n", 0, at),
                         f"expected printable text, found the control character {what}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(name, line, column, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(name, 1, 1, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


class _Frame:
    __slots__ = ("anchor", "key", "nodes_before", "path", "value")

    def __init__(self, value: Any, path: Path_, anchor: str | None, nodes_before: int) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.nodes_before = nodes_before


_NO_KEY = object()


class _Composer:
    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[Path_, Any] = {}  # path -> the mark where its value starts
        self.keys: dict[Path_, Any] = {}
        self.styles: dict[Path_, str] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
        self.nodes = 0
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0

    def fail(self, mark: Any, message: str) -> InputError:
        return InputError(self.name, mark.line + 1, mark.column + 1, message)

    def run(self, loader: Any) -> Document:
        get = loader.get_event
        values, styles, stack = self.values, self.styles, self.stack
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:  # five events in six: handled here, without further calls
                value = self.scalar(event)
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.count(0, event.start_mark)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                if not stack:
                    values[()] = event.start_mark
                    if event.style:
                        styles[()] = event.style
                    self.root = value
                    continue
                top = stack[-1]
                container = top.value
                if type(container) is list:
                    path = top.path + (len(container),)
                    container.append(value)
                elif top.key is _NO_KEY:
                    self.take_key(top, value, event.start_mark)
                    continue
                else:
                    path = top.path + (top.key,)
                    container[top.key] = value
                    top.key = _NO_KEY
                values[path] = event.start_mark
                if event.style or event.end_mark.line != event.start_mark.line:
                    styles[path] = (event.style or "") + ("~" if event.end_mark.line != event.start_mark.line else "")
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.end(event)
            elif kind is yaml.AliasEvent:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(event.start_mark, "expected one YAML document, found a second one")
            elif kind is yaml.StreamEndEvent or event is None:
                break
        if self.documents == 0:
            raise InputError(self.name, 1, 1, "the file is empty: expected a YAML mapping")
        return Document(self.name, self.root, self.values, self.keys, self.styles)

    def count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(mark, f"more than {MAX_NODES} values (after expanding aliases): refused")

    def here(self) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        return top.path + (top.key,) if top.key is not _NO_KEY else top.path

    def check_tag(self, event: Any, allowed: str) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag != allowed:
            raise self.fail(event.start_mark, f"YAML tags are not allowed here: {_short(tag)}")

    def start(self, event: Any, value: Any) -> None:
        self.check_tag(event, _MAP_TAG if isinstance(value, dict) else _SEQ_TAG)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event.start_mark, f"nested deeper than {MAX_DEPTH} levels: refused")
        self.count(1, event.start_mark)
        path = self.here()
        self.record(path, event.start_mark)
        self.stack.append(_Frame(value, path, event.anchor, self.nodes - 1))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.value, self.nodes - frame.nodes_before)
        self.attach(frame.value, event.start_mark)

    def alias(self, event: Any) -> None:
        try:
            value, size = self.anchors[event.anchor]
        except KeyError:
            raise self.fail(event.start_mark, f"alias *{event.anchor} names no complete anchor") from None
        self.count(size, event.start_mark)
        self.record(self.here(), event.start_mark)
        self.attach(value, event.start_mark)

    def record(self, path: Path_, mark: Any) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
            return  # a key: its position is recorded when it is attached
        self.values[path] = mark

    def attach(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is _NO_KEY:
            self.take_key(top, value, mark)
        else:
            top.value[top.key] = value
            top.key = _NO_KEY

    def take_key(self, top: _Frame, key: Any, mark: Any) -> None:
        if not isinstance(key, str):
            raise self.fail(mark, f"expected a text key, got {describe(key)}")
        if key == "<<":
            raise self.fail(mark, "YAML merge keys ('<<') are not supported: write the values out")
        if key in top.value:
            first = self.keys[top.path + (key,)].line + 1
            raise self.fail(mark, f"duplicate key '{key}' (first given on line {first})")
        top.key = key
        self.keys[top.path + (key,)] = mark

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = (_RESOLVED.get(event.value) or _resolve(event.value)) if event.implicit[0] else _STR
        elif tag not in _SCALAR_TAGS:
            raise self.fail(event.start_mark, f"YAML tags are not allowed here: {_short(tag)}")
        if tag == _STR:
            return event.value
        try:
            return _construct(tag, event.value)
        except ValueError as exc:
            raise self.fail(event.start_mark, str(exc)) from None


# YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), and the dates of YAML 1.1's
# timestamp type, which specs and rulesets write (2026-01-03): the forms a plain scalar resolves to a type by,
# ASCII digits only. Anything else is text: 010 is ten (not YAML 1.1's octal eight), 0o17 is octal, 0x1F is
# hexadecimal, and 0b1000, 1_000, 1:20, yes, no, on and off are text. Each alternative is a fixed sequence
# of character classes, so matching takes time linear in the scalar's length.
_CORE = re.compile(
    r"""(?P<null>~|null|Null|NULL|)
    |(?P<bool>true|True|TRUE|false|False|FALSE)
    |(?P<int>[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)
    |(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))
    |(?P<timestamp>[0-9]{4}-[0-9]{2}-[0-9]{2}
        |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)
    """,
    re.VERBOSE | re.ASCII,
)
_TAGS = {"null": _NULL, "bool": _BOOL, "int": _INT, "float": _FLOAT, "timestamp": _TIMESTAMP}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_RESOLVED: dict[str, str] = {}  # plain scalar -> its tag: keys and units repeat across a batch of specs


def _resolve(value: str) -> str:
    """The tag of a plain scalar written without one, by YAML 1.2's core schema (and dates)."""
    match = _CORE.fullmatch(value)
    tag = _TAGS[match.lastgroup] if match and match.lastgroup else _STR
    if len(_RESOLVED) >= 20_000:
        _RESOLVED.clear()
    _RESOLVED[value] = tag
    return tag


def _construct(tag: str, text: str) -> Any:
    """The value of a scalar of ``tag`` (resolved, or given explicitly: ``!!int 010``); ValueError saying
    what was expected where the text is not of that type's forms."""
    match = _CORE.fullmatch(text)
    kind = match.lastgroup if match else None
    what = _TAG_WORDS[tag]
    if tag == _NULL:
        if kind != "null":
            raise ValueError(f"{clip(text)} is not a valid {what}")
        return None
    if tag == _BOOL:
        if kind != "bool":
            raise ValueError(f"{clip(text)} is not a valid {what}")
        return text[0] in "tT"
    if tag == _TIMESTAMP:
        return _timestamp(text, kind)
    if kind == "int" or (kind == "float" and tag == _FLOAT):
        return _number(text, kind == "int", tag == _FLOAT)
    raise ValueError(f"{clip(text)} is not a valid {what}")


def _number(text: str, whole: bool, as_float: bool) -> float:
    """A number in one of YAML 1.2's forms: a whole number in decimal (leading zeros and all), 0o octal or 0x
    hexadecimal, of at most 18 digits; or a finite decimal number."""
    if not whole:
        number = float(text) if text[-1] not in "fFnN" else math.inf  # .inf and .nan end so, and nothing else does
        if not math.isfinite(number):  # 1e400 too
            raise ValueError(f"expected a finite number, got {clip(text)[1:-1]}")
        return number
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    digits = (text[2:] if base != 10 else text.lstrip("+-")).lstrip("0") or "0"
    value = int(digits, base) if len(digits) <= _INT_DIGITS else MAX_INT + 1  # int() of 5,000 digits fails
    if abs(value) > MAX_INT:
        raise ValueError(f"expected a whole number of at most {_INT_DIGITS} digits, got {clip(text)}")
    value = -value if text[0] == "-" else value
    return float(value) if as_float else value


def _timestamp(text: str, kind: str | None) -> Any:
    if kind == "timestamp":
        if _DATE.fullmatch(text):  # the usual case: a date alone
            date = iso_date(text)
            if date is not None:
                return date
        else:
            node = yaml.ScalarNode(_TIMESTAMP, text)
            try:
                return _CONSTRUCTOR.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                pass
    raise ValueError(f"{clip(text)} is not a valid date")


def iso_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` (ASCII digits, a real day) as a date, else None: the one way a date written as text
    (a quoted date, ``--on``, an example's ``on``) is read, as YAML reads a plain one."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


_TAG_WORDS = {_INT: "whole number", _FLOAT: "number", _TIMESTAMP: "date", _BOOL: "true or false", _NULL: "null"}


def _short(tag: str) -> str:
    """A tag as it is written: '!!python/object', not 'tag:yaml.org,2002:python/object'."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


# --- the fast path: libyaml's C composer, one walk, then the positions ---------------------------------

_TREE_MAX_CHARS = 128 * 1024  # specs are a few KiB; a larger text is read by the event composer alone
_PLAIN, _UNTAGGED = object(), object()  # what _tag_of gives: no tag written in a file is either


def _tag_of(kind: Any, value: Any, implicit: Any) -> object:
    """The C composer's resolver: plain scalars are resolved by the walk; what carried no tag is marked so."""
    if kind is yaml.ScalarNode:
        return _PLAIN if implicit[0] else _STR
    return _UNTAGGED


# libyaml's parser and composer, with resolvers that cost nothing: the walk does the resolving
_TreeLoader: Any = (None if _Loader is yaml.SafeLoader else
                    type("_TreeLoader", (_Loader,), {"resolve": staticmethod(_tag_of),  # builtins: no Python call
                                                     "descend_resolver": slice, "ascend_resolver": tuple}))


@cache
def _libyaml_limits_nesting() -> bool:
    """Whether libyaml refuses nesting deeper than 1000 itself (PyYAML's C composer recurses on the C stack),
    in flow and in block context: about 2 ms, once a process, and only where libyaml's composer is there."""
    return _TreeLoader is not None and _refused("[" * 1001) and _refused("- " * 1001 + "x")


def _refused(text: str) -> bool:
    loader = _TreeLoader(text)
    try:
        loader.raw_parse()  # libyaml's parser alone: no Python object per event
    except yaml.YAMLError:
        return True
    finally:
        loader.dispose()
    return False


class _GiveUp(Exception):
    """The walk met something the event composer must decide (and word, and place)."""


def _from_tree(text: str, name: str) -> Document | None:
    """The document composed by libyaml's C composer, or None where the event composer must read it."""
    if len(text) > _TREE_MAX_CHARS or ("&" in text and "*" in text) or not _libyaml_limits_nesting():
        return None  # aliases: the event composer counts what each expands to, and places it at the alias
    loader = _TreeLoader(text)
    collecting = gc.isenabled()
    gc.disable()  # the tree is garbage once read: no collection while it lives (see _marks)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        data = _Walk().value(root, 0)
        values, keys, styles = _marks(root)
    except (yaml.YAMLError, _GiveUp, ValueError):
        return None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return Document(name, data, values, keys, styles)


class _Walk:
    """Plain data from a node tree with no aliases, or _GiveUp where the event composer would refuse."""

    def __init__(self) -> None:
        self.nodes = 1

    def value(self, node: Any, depth: int) -> Any:
        if type(node) is _SCALAR_NODE:
            return _scalar(node)
        if node.tag is not _UNTAGGED or depth >= MAX_DEPTH:
            raise _GiveUp
        items = node.value
        depth += 1
        if type(node) is _SEQUENCE_NODE:
            self.nodes += len(items)
            if self.nodes > MAX_NODES:
                raise _GiveUp
            return [_scalar(item) if type(item) is _SCALAR_NODE else self.value(item, depth) for item in items]
        self.nodes += 2 * len(items)
        if self.nodes > MAX_NODES:
            raise _GiveUp
        mapping: dict[str, Any] = {}
        for key_node, value_node in items:
            if type(key_node) is not _SCALAR_NODE:
                raise _GiveUp
            key, tag = key_node.value, key_node.tag
            if tag is _PLAIN:
                tag = _RESOLVED.get(key) or _resolve(key)
            if tag != _STR or key == "<<" or key in mapping:
                raise _GiveUp
            mapping[key] = _scalar(value_node) if type(value_node) is _SCALAR_NODE else self.value(value_node, depth)
        return mapping


_SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _scalar(node: Any) -> Any:
    tag, text = node.tag, node.value
    if tag is _PLAIN:
        value = _PLAIN_VALUES.get(text, _PLAIN_VALUES)
        return _plain(text) if value is _PLAIN_VALUES else value
    if tag is _STR:
        return text
    raise _GiveUp  # a tag written in the file


_PLAIN_VALUES: dict[str, Any] = {}  # plain scalar -> its value (text, number, date: immutable), across a batch


def _plain(text: str) -> Any:
    tag = _RESOLVED.get(text) or _resolve(text)
    value = text if tag == _STR else _construct(tag, text)  # ValueError: given up
    if len(_PLAIN_VALUES) >= 20_000:
        _PLAIN_VALUES.clear()
    _PLAIN_VALUES[text] = value
    return value


def _marks(root: Any) -> tuple[dict[Path_, Any], dict[Path_, Any], dict[Path_, str]]:
    """Where each value and key starts and the style of each text value, as the event composer records them,
    gathered from the node tree in one loop so that the tree can go: kept, its thousand objects a spec would
    outlive the next garbage collection and make them many (measured: 1,793 young and 13 full collections
    over 2,000 specs, 0.45 s, against 12 and none)."""
    values: dict[Path_, Any] = {(): root.start_mark}
    keys: dict[Path_, Any] = {}
    styles: dict[Path_, str] = {}
    if type(root) is _SCALAR_NODE and root.style:
        styles[()] = root.style  # the event composer records the root's style as it is
    stack: list[tuple[Path_, Any]] = [] if type(root) is _SCALAR_NODE else [((), root)]
    while stack:
        path, node = stack.pop()
        if type(node) is _MAPPING_NODE:
            pairs = [(path + (key.value,), key, value) for key, value in node.value]
        else:
            pairs = [(path + (index,), None, value) for index, value in enumerate(node.value)]
        for here, key, value in pairs:
            values[here] = value.start_mark
            if key is not None:
                keys[here] = key.start_mark
            if type(value) is not _SCALAR_NODE:
                stack.append((here, value))
            elif value.style or value.end_mark.line != value.start_mark.line:
                styles[here] = (value.style or "") + ("~" if value.end_mark.line != value.start_mark.line else "")
    return values, keys, styles


def locate(text: str, target: Path_) -> tuple[int, int]:
    """Where the value at ``target`` starts in a YAML (or JSON) text, else its deepest ancestor found.

    Walks libyaml's event stream without composing anything, so it works on documents far beyond the
    composer's limits: used only to place an error in a file that was read another way (a JSON report)."""
    frames: list[list[Any]] = []  # [is_mapping, key or index, expecting a key]
    best = (1, 1)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                _next_slot(frames)
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if frames and frames[-1][0] and frames[-1][2]:  # a mapping key (JSON keys are scalars)
                frames[-1][1], frames[-1][2] = getattr(event, "value", None), False
                continue
            here = tuple(frame[1] for frame in frames)
            mark = event.start_mark
            if here == tuple(target[: len(here)]) and mark is not None:
                best = (mark.line + 1, mark.column + 1)
                if len(here) == len(target):
                    return best
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                frames.append([isinstance(event, yaml.MappingStartEvent), 0, True])
            else:
                _next_slot(frames)
    except (yaml.YAMLError, IndexError):
        pass  # the text is not YAML after all: the best position so far is as good as it gets
    return best


def _next_slot(frames: list[list[Any]]) -> None:
    if frames:
        top = frames[-1]
        if top[0]:
            top[2] = True
        else:
            top[1] += 1
