"""Validate a YAML document against one of the package's JSON Schemas, with positioned messages."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.read import cache
from checker.read.document import Document
from checker.text import clip, closest, describe, did_you_mean, dotted


@functools.cache
def _schema_text(name: str) -> str:
    return (Path(__file__).parent.parent / "schemas" / f"{name}.schema.json").read_text("utf-8")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    import json  # imported here: a ruleset checked before (read.cache) needs no schema

    return json.loads(_schema_text(name))  # type: ignore[no-any-return]


@functools.cache
def _validator(name: str) -> Any:
    import jsonschema  # imported here: only loading a ruleset needs it

    validator = jsonschema.Draft202012Validator
    return validator(schema(name), format_checker=validator.FORMAT_CHECKER)


def validate(document: Document, name: str) -> None:
    """Raise an InputError listing the schema violations in document order, if any (InputError.every).

    A file whose exact bytes passed this exact schema before (see ``checker.read.cache``) is not validated
    again: validation is a pure function of the two."""
    fact = cache.key(_schema_text(name), document.sha256) if document.sha256 else None
    if fact is not None and cache.known("schema-valid", fact):
        return
    errors = list(_validator(name).iter_errors(jsonable(document.data)))
    if not errors:
        if fact is not None:
            cache.record("schema-valid", fact)
        return
    # a misspelt key makes its mapping miss the right one too: the unknown key's did-you-mean says so
    meant: dict[tuple[Any, ...], set[str]] = {}
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed, extra = _beyond(err)
            meant.setdefault(tuple(err.absolute_path), set()).update(closest(key, allowed) or "" for key in extra)
    problems: dict[tuple[Any, ...], InputError] = {}  # by what each is about: a mapping's keys, once each
    for err in errors:
        for about, problem in _problems(document, err, meant.get(tuple(err.absolute_path), set())):
            problems.setdefault(about, problem)
    raise InputError.every(problems.values())


def jsonable(value: Any) -> Any:
    """YAML's dates as ISO text, the way JSON Schema sees them."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _where(path: tuple[Any, ...]) -> str:
    return f"{dotted(path)}: " if path else ""


def _problems(document: Document, err: Any, meant: set[str]) -> list[tuple[tuple[Any, ...], InputError]]:
    """The problems one schema violation stands for, each with what it is about: every unknown key of a
    mapping; every required key it misses (jsonschema reports each, naming it only in its wording), but one
    that an unknown key of the mapping was ``meant`` to be; else the value at the violation's path."""
    path = tuple(err.absolute_path)
    keyword, instance, expected = err.validator, err.instance, err.validator_value
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed, extra = _beyond(err)
        if extra and allowed:
            return [(("unknown", *path, key), document.error(
                path + (key,), f"{_where(path + (key,))}unknown field{did_you_mean(key, allowed)}", key=True))
                for key in extra]  # fmt: skip
    if keyword == "required" and isinstance(instance, dict):
        return [(("missing", *path, key), document.error(
            path, f"{_where(path)}missing required field '{key}'{_WHY_REQUIRED.get(key, '')}", key=True))
            for key in expected if key not in instance and key not in meant]  # fmt: skip
    message = f"{_where(path)}{_describe(keyword, instance, expected, err.message)}"
    return [(("value", *path, keyword, message), document.error(path, message))]


def _beyond(err: Any) -> tuple[list[str], list[Any]]:
    """Of a mapping with keys its schema does not allow: the keys it allows, and its own beyond them."""
    allowed = list(err.schema.get("properties", {}))
    return allowed, [key for key in err.instance if key not in allowed]


_WHY_REQUIRED = {"source": " (a published rule names its source)",
                 "note": " (an illustrative rule says why its figure is not the official one)"}


def _describe(keyword: str, instance: Any, expected: Any, fallback: str) -> str:
    """What a schema violation means, in homologate's words for every keyword the shipped schemas use (so
    that no message quotes jsonschema's prose, which changes between its releases); the library's words
    only for a keyword no shipped schema has."""
    got = describe(instance)
    if keyword == "enum":
        return f"expected one of {', '.join(str(v) for v in expected)}, got {got}"
    if keyword == "const":
        return f"expected {expected}, got {got}"
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return f"expected {' or '.join(str(_TYPE_WORDS.get(k, k)) for k in kinds)}, got {got}"
    if keyword == "format":
        return f"{got} is not a valid {expected}" + (" such as 2026-01-03" if expected == "date" else "")
    if keyword == "pattern":
        return f"{got} is not of the expected form ({expected})"
    if keyword in _SIZES:
        what, most = _SIZES[keyword]
        bound = "at most" if most else "at least"
        return f"expected {bound} {_count(expected, what)}, got {_count(len(instance), what) if instance else 'none'}"
    if keyword == "oneOf":
        return f"{got} is none of the forms allowed here"
    return clip(fallback, 160).strip("'")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


# size keywords: (what is counted, whether the bound is a maximum)
_SIZES = {"minItems": ("item", False), "maxItems": ("item", True), "minLength": ("character", False),
          "maxLength": ("character", True), "minProperties": ("entry", False),
          "maxProperties": ("entry", True)}  # fmt: skip


_TYPE_WORDS = {"string": "text", "number": "a number", "boolean": "true or false", "object": "a mapping",
               "array": "a list", "null": "nothing", "integer": "a whole number"}  # fmt: skip
