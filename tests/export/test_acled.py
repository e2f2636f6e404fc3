"""ACLED-style CSV export."""

from __future__ import annotations

import csv
import io

from marsad.export.acled import COLUMNS, acled_type, rows, write_csv
from tests.export.test_plover import record


def test_csv_header_and_rows() -> None:
    buf = io.StringIO()
    n = write_csv([record()], buf)
    assert n == 1  # the threat has no ACLED category
    got = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(got[0].keys()) == list(COLUMNS)
    row = got[0]
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["actor1"] == "Turkish Army" and row["actor2"] == "Jindires"
    assert row["event_date"] == "2018-03-01" and row["year"] == "2018"
    assert row["time_precision"] == "1" and row["geo_precision"] == "1"
    assert row["latitude"] == "36.3900" and row["admin1"] == "Aleppo"
    assert row["source"] == "Example" and row["notes"].startswith("قصف")


def test_include_all() -> None:
    out = rows([record()], include_all=True)
    assert [r["plover_type"] for r in out] == ["ASSAULT", "THREATEN"]
    assert out[1]["event_type"] == "Strategic developments"


def test_type_mapping() -> None:
    assert acled_type({"event_type": "ASSAULT", "mode": "assassinate"}) == (
        "Violence against civilians", "Attack")
    assert acled_type({"event_type": "ASSAULT", "mode": None}) == ("Battles", "Armed clash")
    assert acled_type({"event_type": "PROTEST", "mode": "riot"})[0] == "Riots"  # type: ignore[index]
    assert acled_type({"event_type": "COERCE", "mode": "arrest"}) == (
        "Strategic developments", "Arrests")
    assert acled_type({"event_type": "REQUEST", "mode": None}) is None
