"""The compiled release build (setup.py, `make wheel`): the same code must give the same
results when mypyc compiles it, and a checkout must never hold compiled modules."""

from __future__ import annotations

import ast
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.arabic.normalize import normalize, normalize_view

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _compiled_list() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COMPILED" for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError("setup.py defines no COMPILED list")


def test_every_compiled_module_exists_and_is_part_of_the_package() -> None:
    paths = _compiled_list()
    assert paths and len(set(paths)) == len(paths)
    for p in paths:
        assert p.startswith("src/marsad/") and p.endswith(".py"), p
        assert (ROOT / p).is_file(), p


def test_no_compiled_module_shadows_a_source_file_in_the_checkout() -> None:
    # An extension module beside its .py is imported instead of it: edits would not run.
    stray = [str(p.relative_to(ROOT)) for p in (SRC / "marsad").rglob("*") if p.suffix in (".so", ".pyd")]
    assert not stray, f"compiled modules in the checkout (delete them; build with `make wheel`): {stray}"


_CHILD = """
import importlib, json, sys
n = importlib.import_module("marsad.arabic.normalize")  # the package re-exports a function of that name
assert n.__file__.endswith((".so", ".pyd")), n.__file__
import pickle
v = n.normalize_view("وَقَالَ")
assert pickle.loads(pickle.dumps(v)) == v  # frozen classes must survive a process boundary
out = []
for s in json.loads(sys.stdin.read()):
    v = n.normalize_view(s)
    out.append([n.normalize(s), n.normalize(s, loose=True), v.text, list(v.starts), list(v.ends),
                [list(v.to_original(0, len(v.text))), list(v.from_original(0, len(s)))]])
print(json.dumps(out))
"""


def _samples() -> list[str]:
    rng = random.Random(7)
    alphabet = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة" + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652" + \
        "\u0640\u0670ﻻﷲ " + "٠١٢٣٤٥٦٧٨٩،؛؟«»\"'.-" + "abcXYZ129"
    texts = ["وَقَالَ المُتَحَدِّثُ بِاسْمِ «الدَّوْلَةِ» إِنَّ ...", "ﻻ إله إلا ﷲ", "", "  ", "نيوزيلاندا بالباغوز"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    return texts


@pytest.mark.skipif(shutil.which("gcc") is None and shutil.which("cc") is None, reason="no C compiler")
def test_a_module_compiled_with_mypyc_gives_the_pure_modules_results(tmp_path: Path) -> None:
    pytest.importorskip("mypyc")
    shutil.copytree(SRC / "marsad", tmp_path / "marsad",
                    ignore=shutil.ignore_patterns("data", "web", "__pycache__", "*.so"))
    # The project's own checker settings, whatever the caller's environment points at.
    (tmp_path / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    build = subprocess.run([sys.executable, "-m", "mypyc", "marsad/arabic/normalize.py"], cwd=tmp_path,
                           capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    texts = _samples()
    run = subprocess.run([sys.executable, "-c", _CHILD], cwd=tmp_path, input=json.dumps(texts),
                         capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert run.returncode == 0, run.stderr[-2000:]
    compiled = json.loads(run.stdout)
    for s, got in zip(texts, compiled, strict=True):
        v = normalize_view(s)
        want = [normalize(s), normalize(s, loose=True), v.text, list(v.starts), list(v.ends),
                [list(v.to_original(0, len(v.text))), list(v.from_original(0, len(s)))]]
        assert got == want, s
