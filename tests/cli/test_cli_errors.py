"""Every bad input of analyze / ingest / search / export: one line on stderr, exit 2, no traceback.

Most cases run `marsad.cli.main.main` in-process (fast); the closed-pipe cases need a real
pipe and run the console script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.cli import main as cli_main

GOOD = "قال وزير الخارجية إن «المفاوضات ستستأنف الأسبوع المقبل» في جنيف."


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli_main.main(list(args))
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else (0 if code is None else 1)), out, err


def assert_one_line(code: int, err: str, *needles: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert lines[0].startswith("marsad: ")
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store with two articles (built once)."""
    folder = tmp_path_factory.mktemp("store")
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"{GOOD} الخبر رقم {i}.",
                                         "published": "2019-03-1" + str(i)}, ensure_ascii=False)
                             for i in range(2)), encoding="utf-8")
    db = folder / "m.db"
    with pytest.raises(SystemExit) as exc:
        cli_main.main(["ingest", str(src), "--db", str(db), "--quiet"])
    assert exc.value.code == 0
    import sqlite3

    with sqlite3.connect(db) as conn:  # fold the WAL into the file, so copies are complete
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


# -- usage errors ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, needle", [
    (["analyze", "{a}", "--format", "xml"], "'--format'"),
    (["analyze"], "Missing argument"),
    (["analyze", "{a}", "--no-such-option"], "--no-such-option"),
    (["analyze", "{a}", "--workers", "0"], "'--workers'"),
    (["ingest", "{a}", "--workers", "-2"], "'--workers'"),
    (["search", "x", "--what", "tweets"], "'--what'"),
    (["search", "x", "--limit", "0"], "'--limit'"),
    (["export", "--what", "tweets"], "'--what'"),
    (["export", "--format", "xlsx"], "'--format'"),
    (["no-such-command"], "no-such-command"),
    (["analyze", "{a}", "--ner", "bert"], "'--ner'"),
    (["eval-ner", "{a}", "--ner", "bert"], "'--ner'"),
])
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], article: Path,
                                   args: list[str], needle: str) -> None:
    code, out, err = run(capsys, *[a.replace("{a}", str(article)) for a in args])
    assert_one_line(code, err, needle, "--help")
    assert out == ""


def test_help_and_version_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "--help")
    assert code == 0 and "PATHS" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "version" in out


@pytest.mark.parametrize("command", ["analyze", "ingest"])
@pytest.mark.parametrize("value", ["nonsense", "2019-13-45", "32/13/2019"])
def test_published_nonsense(capsys: pytest.CaptureFixture[str], tmp_path: Path, article: Path,
                            command: str, value: str) -> None:
    extra = ["--db", str(tmp_path / "m.db"), "--quiet"] if command == "ingest" else []
    code, _, err = run(capsys, command, str(article), "--published", value, *extra)
    assert_one_line(code, err, "--published", "not a date")
    assert not (tmp_path / "m.db").exists()


# -- databases -------------------------------------------------------------------------------

def _db_commands(db: str, article: Path) -> list[list[str]]:
    return [["ingest", str(article), "--db", db, "--quiet"], ["search", "x", "--db", db],
            ["export", "--db", db]]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_database_path_is_a_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      article: Path, which: int) -> None:
    code, _, err = run(capsys, *_db_commands(str(tmp_path), article)[which])
    assert_one_line(code, err, str(tmp_path), "directory")


@pytest.mark.parametrize("which", [0, 1, 2])
def test_database_is_not_a_database(capsys: pytest.CaptureFixture[str], article: Path, which: int) -> None:
    code, _, err = run(capsys, *_db_commands(str(article), article)[which])
    assert_one_line(code, err, str(article), "not a marsad database")


@pytest.mark.parametrize("which", [1, 2])
def test_database_damaged(capsys: pytest.CaptureFixture[str], tmp_path: Path, store_db: Path,
                          article: Path, which: int) -> None:
    bad = tmp_path / "trunc.db"
    bad.write_bytes(store_db.read_bytes()[:5000])
    code, _, err = run(capsys, *_db_commands(str(bad), article)[which])
    assert_one_line(code, err, "damaged")


def test_database_folder_cannot_be_made(capsys: pytest.CaptureFixture[str], article: Path) -> None:
    db = article / "sub" / "m.db"  # under a file: no folder can be made there
    code, _, err = run(capsys, "ingest", str(article), "--db", str(db), "--quiet")
    assert_one_line(code, err, str(db), "cannot open")


def test_missing_database_for_reading(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for args in (["search", "x"], ["export"]):
        code, _, err = run(capsys, *args, "--db", str(tmp_path / "none.db"))
        assert_one_line(code, err, "no such database")
    assert not (tmp_path / "none.db").exists()


def test_read_only_database(capsys: pytest.CaptureFixture[str], tmp_path: Path, store_db: Path,
                            article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ro.db"
    db.write_bytes(store_db.read_bytes())
    db.chmod(0o444)
    if os.access(db, os.W_OK):  # root ignores file modes: ask the CLI's check the same question
        real = os.access
        monkeypatch.setattr(cli_main.os, "access",
                            lambda p, mode, **kw: False if Path(p) == db and mode & os.W_OK else real(p, mode))
    code, _, err = run(capsys, "ingest", str(article), "--db", str(db), "--quiet")
    assert_one_line(code, err, str(db), "read-only")


# -- search and export arguments ---------------------------------------------------------------

@pytest.mark.parametrize("args, needle", [
    (["--from", "nonsense"], "--from"),
    (["--to", "2019-02-30"], "--to"),
    (["--from", "2019-3-1"], "--from"),
    (["--type", "BOMBING"], "PLOVER"),
])
def test_search_bad_filters(capsys: pytest.CaptureFixture[str], store_db: Path,
                            args: list[str], needle: str) -> None:
    code, out, err = run(capsys, "search", "الخارجية", "--db", str(store_db), *args)
    assert_one_line(code, err, needle)
    assert out == ""


def test_search_date_bounds_cover_whole_months_and_years(capsys: pytest.CaptureFixture[str], store_db: Path) -> None:
    for args, total in ((["--from", "2019", "--to", "2019"], 2), (["--to", "2019-03"], 2),
                        (["--from", "2019-03-11"], 1), (["--to", "2019-02"], 0)):
        code, out, err = run(capsys, "search", "--db", str(store_db), "--json", *args)
        assert code == 0, err
        assert json.loads(out)["total"] == total, args
    assert cli_main._day_bound("--to", "2020-02", end=True) == "2020-02-29"
    assert cli_main._day_bound("--from", "2020", end=False) == "2020-01-01"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_unwritable_places(capsys: pytest.CaptureFixture[str], tmp_path: Path, store_db: Path,
                                     fmt: str) -> None:
    for target, needle in ((tmp_path, "directory"), (tmp_path / "missing" / "out.x", "cannot write")):
        code, _, err = run(capsys, "export", "--db", str(store_db), "--format", fmt, "-o", str(target))
        assert_one_line(code, err, str(target), needle)


def test_ingest_corrupt_jsonl_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps({"id": "ok", "text": GOOD}, ensure_ascii=False), "{broken",
                              "[1, 2]", json.dumps({"id": "nobody"})]), encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(src), "--db", str(tmp_path / "m.db"), "--quiet")
    assert code == 2 and "Traceback" not in err
    assert "1 added" in out
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(ln.startswith("marsad: ") for ln in lines)
    assert f"{src}:2" in lines[0] and f"{src}:3" in lines[1] and f"{src}:4" in lines[2]


# -- closed pipes ----------------------------------------------------------------------------

def _script() -> list[str]:
    exe = Path(sys.executable).parent / "marsad"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "marsad"]


def _head_one(args: list[str]) -> tuple[int, str]:
    """Run marsad, read one line of its output and close the pipe, like `| head -1`."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([*_script(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_analyze_into_a_closed_pipe_is_silent(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"r{i}", "text": f"{GOOD} رقم {i}."}, ensure_ascii=False)
                             for i in range(300)), encoding="utf-8")
    code, err = _head_one(["analyze", str(src), "--format", fmt])
    assert err == "" and code == cli_main.EXIT_PIPE


def test_export_into_a_closed_pipe_is_silent(store_db: Path, tmp_path: Path) -> None:
    # Enough rows to overflow the pipe's buffer after the reader has gone.
    big = tmp_path / "big.db"
    big.write_bytes(store_db.read_bytes())
    from marsad.store.sqlite import Store

    store = Store(big)
    assert store.count() == 2
    doc = store.get(next(iter(store.records()))["store_id"])
    assert doc is not None
    for i in range(400):
        store.add(doc.with_layers(text=doc.text + f" {i}"))
    store.close()
    code, err = _head_one(["export", "--db", str(big), "--what", "entities"])
    assert err == "" and code == cli_main.EXIT_PIPE


def test_spark_inputs_checked_before_spark_starts(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  article: Path) -> None:
    """Spark would answer these with Java stack traces; no JVM is needed to refuse them."""
    for args, needle in ((["--input", str(tmp_path / "none" / "*.jsonl"), "--output", str(tmp_path / "o")], "no such file"),
                         (["--input", str(article), "--output", str(article)], "is a file")):
        code, _, err = run(capsys, "spark", *args)
        assert_one_line(code, err, needle)
    (tmp_path / "o" / "records").mkdir(parents=True)
    code, _, err = run(capsys, "spark", "--input", str(article), "--output", str(tmp_path / "o"), "--format", "jsonl")
    assert_one_line(code, err, "already holds")


def test_watch_bad_feeds_file_and_interval(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "watch", str(tmp_path / "none.txt"), "--once", "--db", str(tmp_path / "w.db"))
    assert_one_line(code, err, "none.txt", "cannot read")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.org/feed\n", encoding="utf-8")
    code, _, err = run(capsys, "watch", str(feeds), "--every", "soon", "--db", str(tmp_path / "w.db"))
    assert_one_line(code, err, "--every", "soon")
