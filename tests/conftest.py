from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.evaluate.findings import evaluate
from checker.report import Report
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.spec.load import load_spec
from tests.helpers import ROOT, SPECS, Ran, run_cli

__all__ = ["ROOT", "SPECS"]


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder of the test run's own (in os.environ: seen by the CLI run in process and inherited by
    the processes tests start), so that tests neither depend on nor write to the user's ~/.cache/homologate;
    and no ``COLUMNS``, so that text output is laid out 100 wide, as in CI, whatever terminal runs the tests."""
    folder = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOMOLOGATE_CACHE_DIR", str(folder))
    mp.delenv("HOMOLOGATE_NO_CACHE", raising=False)
    mp.delenv("COLUMNS", raising=False)
    yield folder  # type: ignore[misc]
    mp.undo()


@pytest.fixture(scope="session")
def stock() -> Ruleset:
    return load_ruleset("dakar-2026-stock")


def set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``build.safety.seats[1].standard``-style paths in plain YAML data."""
    parts: list[Any] = []
    for part in dotted.split("."):
        name, _, rest = part.partition("[")
        parts.append(name)
        if rest:
            parts.extend(int(i) for i in rest.rstrip("]").split("]["))
    target: Any = data
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


@pytest.fixture
def check_variant(tmp_path: Path, stock: Ruleset) -> Callable[..., Report]:
    """Evaluate a bundled spec with some values replaced, as a file of its own."""

    def run(base: str, patches: dict[str, Any], on: dt.date | None = None) -> Report:
        data = yaml.safe_load((SPECS / base).read_text("utf-8"))
        for dotted, value in patches.items():
            set_path(data, dotted, value)
        path = tmp_path / base
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        return evaluate(load_spec(path, base), stock, on)

    return run


@pytest.fixture
def cli() -> Callable[..., Ran]:
    """``cli("check", "spec.yaml", cwd=...)``: the command line run in this process (tests.helpers.run_cli)."""
    return run_cli
