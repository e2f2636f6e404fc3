"""The bounded per-word memo."""

from __future__ import annotations

from marsad.memo import remember


def test_remember_stores_and_returns_the_value() -> None:
    memo: dict[str, int] = {}
    assert remember(memo, "بغداد", 1, 3) == 1
    assert memo == {"بغداد": 1}


def test_a_full_memo_is_emptied_before_the_new_entry() -> None:
    memo = {"a": 1, "b": 2, "c": 3}
    assert remember(memo, "d", 4, 3) == 4
    assert memo == {"d": 4}
    remember(memo, "e", 5, 3)
    assert memo == {"d": 4, "e": 5}
