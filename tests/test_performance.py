"""What the speed work rests on, tested for behaviour, not time (benchmarks/compare.py measures time).

- the schema cache: a ruleset file whose exact bytes passed the schema is not validated again, and
  anything else is;
- a plain ``homologate check`` imports nothing it does not need (jsonschema, other renderers, git,
  process pools, the TOML reader where no configuration file is found);
- the two ways the engine reaches a verdict (``judge`` and ``evaluate``) agree;
- generated rule code holds nothing a ruleset author wrote.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.evaluate.findings import evaluate
from checker.evaluate.judge import check_date, judge
from checker.expr.compile import Scope, compile_expr
from checker.read import cache
from checker.read import schema as schema_check
from checker.ruleset.compile import load_ruleset
from checker.ruleset.model import Ruleset
from checker.spec.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
STOCK = ROOT / "rules" / "dakar-2026-stock.yaml"
BASE = ROOT / "rules" / "fia-t2-base.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HOMOLOGATE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def no_jsonschema(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Schema validation replaced by a record of the documents it was asked to validate."""
    asked: list[str] = []

    def validator(name: str) -> Any:
        class Record:
            def iter_errors(self, data: Any) -> list[Any]:
                asked.append(data.get("ruleset", "?"))
                return []

        return Record()

    monkeypatch.setattr(schema_check, "_validator", validator)
    return asked


def copy_rules(folder: Path) -> Path:
    folder.mkdir()
    (folder / "fia-t2-base.yaml").write_bytes(BASE.read_bytes())
    target = folder / "stock.yaml"
    target.write_bytes(STOCK.read_bytes())
    return target


def test_a_ruleset_that_passed_the_schema_is_not_validated_again(cache_dir: Path, no_jsonschema: list[str]) -> None:
    load_ruleset("dakar-2026-stock")
    assert no_jsonschema == ["dakar-2026-stock", "fia-t2-base"]
    assert len(list((cache_dir / "schema-valid").iterdir())) == 2
    load_ruleset("dakar-2026-stock")
    assert no_jsonschema == ["dakar-2026-stock", "fia-t2-base"]  # nothing validated the second time


def test_changed_bytes_are_validated_again(cache_dir: Path, tmp_path: Path, no_jsonschema: list[str]) -> None:
    stock = copy_rules(tmp_path / "rules")
    load_ruleset(str(stock))
    stock.write_text(stock.read_text("utf-8") + "\n# a comment changes the bytes\n", "utf-8")
    load_ruleset(str(stock))
    assert no_jsonschema == ["dakar-2026-stock", "fia-t2-base", "dakar-2026-stock"]


def test_a_broken_ruleset_is_refused_every_time(cache_dir: Path, tmp_path: Path) -> None:
    stock = copy_rules(tmp_path / "rules")
    stock.write_text(stock.read_text("utf-8").replace("title: Dakar 2026", "titel: Dakar 2026", 1), "utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"unknown field .*did you mean 'title'"):
            load_ruleset(str(stock))
    assert not (cache_dir / "schema-valid").exists()  # refused before its base was even read


def test_no_cache_setting_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                         no_jsonschema: list[str]) -> None:  # fmt: skip
    monkeypatch.setenv("HOMOLOGATE_NO_CACHE", "1")
    load_ruleset("dakar-2026-stock")
    load_ruleset("dakar-2026-stock")
    assert no_jsonschema == ["dakar-2026-stock", "fia-t2-base"] * 2
    assert not cache_dir.exists()


def test_an_unwritable_cache_is_not_used_and_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          no_jsonschema: list[str]) -> None:  # fmt: skip
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HOMOLOGATE_CACHE_DIR", str(blocker / "cache"))
    load_ruleset("dakar-2026-stock")
    load_ruleset("dakar-2026-stock")
    assert no_jsonschema == ["dakar-2026-stock", "fia-t2-base"] * 2


def test_cache_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HOMOLOGATE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "homologate"


_PROBE = """
import builtins, runpy, sys, traceback
_import = builtins.__import__
def _watch(name, *args, **kwargs):  # say who imports a module a plain check should not need
    if name in ("subprocess", "concurrent.futures", "jsonschema", "json", "tomllib") and name not in sys.modules:
        print("IMPORTED", name, "FROM", "".join(traceback.format_stack(limit=8)), file=sys.stderr)
    return _import(name, *args, **kwargs)
builtins.__import__ = _watch
sys.argv = ["homologate", *sys.argv[1:]]
try:
    runpy.run_module("checker", run_name="__main__")
except SystemExit as exit:
    code = exit.code
loaded = [m for m in ("jsonschema", "json", "tomllib", "concurrent.futures", "subprocess", "checker.evaluate.baseline",
                      "checker.evaluate.waivers", "checker.render.json", "checker.render.sarif", "checker.render.junit",
                      "checker.render.github", "checker.render.html", "checker.render.markdown") if m in sys.modules]
print("LOADED", loaded, code, file=sys.stderr)
"""


def probe(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          env=os.environ.copy())  # fmt: skip
    last = done.stderr.strip().splitlines()[-1]
    if last != "LOADED [] 0":
        print(done.stderr)  # shown by pytest when the assertion fails: who imported what
    return last


def test_a_plain_check_imports_only_what_it_uses() -> None:
    probe("check", "specs/defender-d7x-r.yaml")  # the first run validates the rulesets and fills the cache
    assert probe("check", "specs/defender-d7x-r.yaml") == "LOADED [] 0"
    assert probe("check", "-q", "specs/defender-wide-track.yaml") == "LOADED [] 1"


def test_what_an_option_needs_is_imported_when_asked() -> None:
    sarif = probe("check", "--format", "sarif", "specs/defender-d7x-r.yaml")
    assert sarif == "LOADED ['json', 'checker.render.sarif'] 0"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_judge_and_evaluate_give_the_same_verdicts(spec: Path, stock: Ruleset) -> None:
    loaded = load_spec(spec, spec.name)
    day = check_date(stock)
    judged = [(o[0].id, o[1], o[3]) for o in judge(loaded.spec, stock, day)]
    findings = evaluate(loaded, stock, day).findings
    worded = [(f.rule_id, _index(f.path), f.verdict) for f in findings]
    assert judged == worded


def _index(path: str) -> int | None:
    return int(path.split("[")[1].split("]")[0]) if "[" in path else None


@pytest.mark.parametrize(
    "text",
    [
        "build.engine.block == '\"); __import__(\"os\").system(\"true\") #'",
        "build.engine.block == \"'); __import__('os') #\"",
        "build.engine.block in ['__import__', 'exec(1)', '\\n']",
    ],
)
def test_generated_code_holds_no_text_from_the_ruleset(text: str) -> None:
    compiled = compile_expr(text, Scope())
    assert "__import__" not in compiled.code
    assert "exec" not in compiled.code
    assert compiled.code.startswith("(s.build.engine.block ")
    spec = load_spec(SPECS[1], "d.yaml").spec
    from checker.expr.compile import Env

    assert compiled.fn(Env(spec, check_date_of())) is False


def check_date_of() -> Any:
    import datetime as dt

    return dt.date(2026, 1, 2)
