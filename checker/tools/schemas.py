"""The JSON Schemas of homologate's documents, by name: what ``homologate schema NAME`` prints.

A schema is either shipped as written (checker/schemas/NAME.schema.json: the ruleset, the JSON report,
the catalogue, explain's JSON) or generated from the pydantic model that loads the document (the build
spec, the homologation form). A generated schema is shipped too, for editors (the bundled specs name it
in their first line), and a test holds the shipped file to what generation gives. Generation reads two
hooks in checker.spec.fields: a quantity is text with a unit (checker.spec.json_schema) and a Text field
takes a whole number too.

The schema accepts what the loader accepts and refuses what it refuses as far as JSON Schema can say;
it cannot say that a whole number is not written 8.0, that a date is not quoted, or a quantity's range
in every unit (README, "Editors").
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

from checker import units
from checker.spec.json_schema import quantity_pattern
from checker.spec.quantity import expected

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://homologate.dev/schemas/"  # as the shipped schemas' $id

Source = Callable[[str], dict[str, Any]]  # document name -> its schema


def _shipped(name: str) -> dict[str, Any]:
    from checker.read import schema as schema_check

    return schema_check.schema(name)


def _model(ref: str, title: str) -> Source:
    """The schema generated from the pydantic model ``module:Class``, imported only when asked for."""

    def generate(name: str) -> dict[str, Any]:
        module, _, attribute = ref.partition(":")
        return model_schema(getattr(importlib.import_module(module), attribute), name, title)

    return generate


# One line per document. The model is named, not imported: `schema report` needs no pydantic.
SCHEMAS: dict[str, Source] = {
    "spec": _model("checker.spec.model:Spec", "homologate build spec"),
    "form": _model("checker.spec.form:HomologationForm", "homologate homologation form"),
    "ruleset": _shipped,
    "report": _shipped,
    "catalogue": _shipped,  # homologate rules --format json
    "explain": _shipped,  # homologate explain --format json
}


def schema(name: str) -> dict[str, Any]:
    return SCHEMAS[name](name)


def text(name: str) -> str:
    """The schema as its file holds it: JSON, 2-space indent, non-ASCII as it is, a final newline."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def model_schema(model: Any, name: str, title: str) -> dict[str, Any]:
    """pydantic's schema of ``model`` (validation mode, keys as a file writes them), with a head."""
    generated: dict[str, Any] = model.model_json_schema(by_alias=True, mode="validation")
    generated.pop("title", None)  # the class name: the head's title says more
    used = _share_quantities(generated)
    generated["$defs"] = {**generated.get("$defs", {}), **{dim.name: _unit_text(dim) for dim in used}}
    head = {"$schema": DIALECT, "$id": f"{BASE_ID}{name}.schema.json", "title": title}
    if "description" in generated:  # the model's docstring
        head["description"] = generated.pop("description")
    return {**head, **generated}


def _share_quantities(node: Any) -> list[units.Dimension]:
    """Point each quantity at one definition per dimension ($defs/length, ...) in place of its own
    copy of the long pattern; the dimensions used, in order of first use."""
    by_pattern = {quantity_pattern(dim): dim for dim in units.DIMENSIONS.values()}
    used: dict[str, units.Dimension] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        dim = by_pattern.get(node.get("pattern"))  # type: ignore[arg-type]
        if dim is not None and node.get("type") == "string":
            used.setdefault(dim.name, dim)
            rest = {k: v for k, v in node.items() if k not in ("pattern", "type")}
            return {"$ref": f"#/$defs/{dim.name}", **rest}
        return {key: visit(value) for key, value in node.items()}

    node.update(visit(node))
    return list(used.values())


def _unit_text(dim: units.Dimension) -> dict[str, Any]:
    """A quantity of ``dim``: its pattern, and what is wrong in words where a value does not match it
    (``patternErrorMessage``, read by yaml-language-server and VS Code; ``errorMessage``, by
    yaml-language-server for a value of another type and by ajv-errors) in place of the long pattern
    itself. Unknown keywords are annotations to a draft 2020-12 validator: jsonschema ignores them."""
    spellings = ", ".join(unit for unit, (unit_dim, _) in units.UNITS.items() if unit_dim is dim)
    message = expected(dim)  # 'expected a length such as "36 mm"', as homologate check says it
    return {
        "description": f"a {dim.name}: a number and a unit, any of {spellings} "
                       "(one written in lower case also in any other: MM, Kg)",
        "type": "string",
        "pattern": quantity_pattern(dim),
        "patternErrorMessage": message,
        "errorMessage": message,
    }
