"""A spec file read and validated: the one way a spec, a waivers file or a homologation form becomes a
model, with every pydantic error turned into an InputError at the value's file:line:column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from checker.errors import MAX_LISTED, InputError
from checker.read.document import Document, iso_date, load_file
from checker.spec.model import Model, Spec
from checker.text import closest, describe, dotted


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec and the YAML document it came from (for positions)."""

    spec: Spec
    document: Document

    @property
    def file(self) -> str:
        return self.document.file


def load_spec(path: Path, display: str | None = None) -> LoadedSpec:
    document = load_file(path, display)
    return LoadedSpec(validate(document), document)


M = TypeVar("M", bound="Model")


def validate(document: Document, model: type[M] = Spec) -> M:  # type: ignore[assignment]
    """The document as ``model`` (a build spec unless said), or an InputError listing its problems (every
    value of the wrong type, unknown field, missing field: InputError.every): the one way a spec, a waivers
    file or a homologation form is validated."""
    data = document.data
    if not isinstance(data, dict):
        raise document.error((), f"expected {model.document_kind} (a YAML mapping), got {describe(data, quoted=False)}")
    fields = [f.alias or name for name, f in model.model_fields.items()]
    if data and not any(key in fields for key in data):  # not this kind of file at all: its keys are not quoted
        raise document.error((), f"expected {model.document_kind}, found a mapping with none of its fields "
                                 f"({', '.join(fields)})")
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        raise _every_error(document, exc, model) from None
    problem = result.format_problem()
    if problem is not None:
        raise document.error(problem[0], problem[1], key=True)
    return result


def _every_error(document: Document, exc: ValidationError, model: type[Model]) -> InputError:
    raw = exc.errors(include_url=False)
    # a misspelt field makes its mapping miss the right one too: the unknown field says more (its did-you-mean
    # names the missing one); a missing field no unknown one is taken for is listed
    unknown: dict[tuple[Any, ...], list[str]] = {}
    for e in raw:
        if e["type"] == "extra_forbidden":
            unknown.setdefault(_loc(e)[:-1], []).append(str(_loc(e)[-1]))
    missing = {_loc(e)[:-1] for e in raw if e["type"] == "missing"}
    meant = {(parent, _meant(str(key), parent, model)) for parent in missing & unknown.keys()
             for key in unknown[parent][: MAX_LISTED + 1]}  # fmt: skip
    raw = [e for e in raw if not (e["type"] == "missing" and (_loc(e)[:-1], str(_loc(e)[-1])) in meant)]
    # where a problem is costs a look-up, what it says (a did-you-mean) far more: only those that can be listed
    # are worded; the others, counted in the last line, keep pydantic's words (24,000 unknown fields: 2.1 s)
    placed = sorted(((_at(document, err), err) for err in raw), key=lambda pair: pair[0])
    return InputError.every([_to_input_error(document, err, model) for _, err in placed[: MAX_LISTED + 1]]
                            + [InputError(document.file, *at, f"{dotted(_loc(err))}: {err['msg']}")
                               for at, err in placed[MAX_LISTED + 1 :]])  # fmt: skip


def _at(document: Document, err: Any) -> tuple[int, int]:
    """The line and column a pydantic error is shown at, as _to_input_error places it."""
    loc = _loc(err)
    if err["type"] == "missing":
        return document.position(loc[:-1], key=True)
    return document.position(loc, key=err["type"] == "extra_forbidden")


def _loc(err: Any) -> tuple[Any, ...]:
    return tuple(p for p in err["loc"] if not _is_pydantic_tag(p))


def _meant(key: str, parent: tuple[Any, ...], model: type[Model]) -> str | None:
    """The field an unknown ``key`` of the mapping at ``parent`` was likely meant to be, as a spec writes it."""
    found = _model_at(parent, model)
    fields = found.model_fields if found else {}
    written = {attr: f.alias or attr for attr, f in fields.items()}  # as a spec writes them
    return written[key] if key in written else closest(key, written.values())


def _to_input_error(document: Document, err: Any, model: type[Model]) -> InputError:
    loc = _loc(err)
    where = dotted(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        close = _meant(str(loc[-1]), loc[:-1], model)
        hint = f" (did you mean '{close}'?)" if close else ""
        return document.error(loc, f"{where}: unknown field{hint}", key=True)
    if kind == "missing":
        owner = dotted(loc[:-1]) or model.document_name
        return document.error(loc[:-1], f"{owner}: missing required field '{loc[-1]}'", key=True)
    return document.error(loc, f"{where}: {_message(err)}")


def _message(err: Any) -> str:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    got = f", got {describe(value)}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("literal_error", "enum"):
        return f"expected one of {ctx.get('expected')}{got}"
    if kind in ("too_short", "too_long") and isinstance(value, str):
        kind = "string_" + kind  # pydantic names a text's length limits as a list's
    if kind in _LIMITS:
        return _LIMITS[kind].format(**ctx) + got
    if isinstance(value, str) and _reads_as(kind, value):
        return f"expected {_EXPECTED[kind]}{got} (remove the quotes)"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}{got}"
    return f"{err['msg'][0].lower()}{err['msg'][1:]}{got}"


_EXPECTED = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "string_type": "text",
    "date_type": "a date such as 2026-01-03",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
}
_LIMITS = {
    "string_too_short": "expected text of at least {min_length} character(s)",
    "string_too_long": "expected text of at most {max_length} characters",
    "too_long": "expected at most {max_length} items",
    "too_short": "expected at least {min_length} items",
    "less_than_equal": "expected at most {le}",
    "greater_than_equal": "expected at least {ge}",
    "greater_than": "expected more than {gt}",
    "less_than": "expected less than {lt}",
}


def _reads_as(kind: str, text: str) -> bool:
    """Whether quoted text would have been the expected type without its quotes."""
    if kind == "bool_type":
        return text.lower() in ("true", "false")
    if kind in ("int_type", "int_from_float"):
        digits = text.strip().lstrip("+-")
        return digits.isascii() and digits.isdigit()  # a full-width 8 is a digit to Python, not to YAML
    if kind == "date_type":
        return iso_date(text.strip()) is not None
    return False


def _is_pydantic_tag(part: Any) -> bool:
    return isinstance(part, str) and part.startswith("function-")


def _model_at(loc: tuple[Any, ...], root: type[Model]) -> type[Model] | None:
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        model = _inner_model(field.annotation)
        if model is None:
            return None
    found: type[Model] = model
    return found


def _inner_model(annotation: Any) -> type[Model] | None:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
