"""`marsad analyze` end to end, through the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED, need_shared


def _marsad() -> list[str]:
    exe = Path(sys.executable).parent / "marsad"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "marsad"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([*_marsad(), *args], input=stdin, capture_output=True, timeout=120, env=env)


def test_analyze_seed_json_follows_contract() -> None:
    need_shared(SEED)
    proc = run("analyze", str(SEED), "--format", "json", "--published", "2019-03-19")
    assert proc.returncode == 0, proc.stderr.decode()
    rec = json.loads(proc.stdout)
    assert rec["schema"] == "marsad.analysis/1"
    assert rec["article"]["outlet"] == "الترا عراق"
    assert rec["article"]["byline"] == "فريق التحرير"
    assert rec["article"]["id"] == SEED.name
    assert len(rec["related"]) == 2
    text = rec["text"]
    for r in rec["related"]:
        assert r["title"] not in text
    from marsad.document import Document

    doc = Document.from_dict(rec)
    assert doc.to_dict() == rec
    for s in doc.iter_spans():
        assert text[s.start : s.end] == s.text


def test_analyze_stdin_and_jsonl(tmp_path: Path) -> None:
    proc = run("analyze", "-", "--format", "jsonl", stdin="قال الوزير إن الوضع مستقر.".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.decode().strip().splitlines()) == 1
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": f"a{i}", "text": f"خبر رقم {i}."}, ensure_ascii=False) for i in range(3)),
        encoding="utf-8",
    )
    proc = run("analyze", str(src), "--format", "jsonl")
    assert proc.returncode == 0
    ids = [json.loads(line)["article"]["id"] for line in proc.stdout.decode().splitlines()]
    assert ids == ["a0", "a1", "a2"]


def test_analyze_text_format_renders(tmp_path: Path) -> None:
    need_shared(SEED)
    proc = run("analyze", str(SEED), "--format", "text")
    assert proc.returncode == 0
    assert "الترا عراق" in proc.stdout.decode()


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("قال".encode("cp1256") + b" \xe9\xe8 caf\xe9")
    nobody = tmp_path / "nav.html"
    nobody.write_text("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_bytes("خبر. ".encode() * (11 * 1024 * 1024 // 8))
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "directory"),
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "undecodable": (latin1, "UTF-8"),
        "html-no-body": (nobody, "no article body"),
        "too-large": (big, "limit"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "undecodable", "html-no-body", "too-large"])
def test_bad_input_one_line_exit_2_no_traceback(tmp_path: Path, case: str) -> None:
    path, reason = _bad_inputs(tmp_path)[case]
    proc = run("analyze", str(path))
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert str(path) in lines[0] and reason in lines[0]
    assert proc.stdout == b""


def test_batch_keeps_good_and_lists_failures(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("قال المتحدث إن الهجوم فشل.", encoding="utf-8")
    bad = _bad_inputs(tmp_path)
    proc = run("analyze", str(good), str(bad["empty"][0]), str(bad["missing"][0]), "--format", "jsonl")
    assert proc.returncode == 2
    out = proc.stdout.decode().strip().splitlines()
    assert [json.loads(line)["article"]["id"] for line in out] == ["good.txt"]
    err = proc.stderr.decode()
    assert "2 inputs failed" in err and "empty.txt" in err and "missing.txt" in err
    assert "Traceback" not in err


def test_bad_published_date_is_refused() -> None:
    need_shared(SEED)
    proc = run("analyze", str(SEED), "--published", "yesterday-ish")
    assert proc.returncode == 2 and "not a date" in proc.stderr.decode()


@pytest.mark.skipif(shutil.which("true") is None, reason="needs a POSIX shell")
def test_workers_give_the_same_records(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": f"a{i}", "text": f"قال الوزير إن الخبر رقم {i} صحيح."}, ensure_ascii=False)
                  for i in range(6)),
        encoding="utf-8",
    )
    one = run("analyze", str(src), "--format", "jsonl")
    two = run("analyze", str(src), "--format", "jsonl", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
