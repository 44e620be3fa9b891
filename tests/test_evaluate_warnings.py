"""Warnings CPython raises while compiling come back in the result, every time, and never escape."""

from __future__ import annotations

import importlib
import re
import sys
import warnings
from typing import Any

import pytest

from pyregex import evaluate

# The package re-exports the function `evaluate`, which hides the module of that name.
evaluate_module = importlib.import_module("pyregex.evaluate")

NESTED_SET = {"category": "FutureWarning", "message": "Possible nested set at position 1"}


def run(pattern: str, op: str = "search", **extra: Any) -> dict[str, Any]:
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        result: dict[str, Any] = dict(
            evaluate({"pattern": pattern, "text": "a[b", "op": op, **extra})
        )
    assert escaped == [], "a warning escaped evaluate"
    return result


def test_a_future_warning_is_reported() -> None:
    assert run("[[a]")["warnings"] == [NESTED_SET]


def test_the_warning_is_reported_again_on_the_next_call() -> None:
    evaluate_module.clear_cache()
    first = run("[[b]")
    second = run("[[b]")
    assert first["warnings"] == second["warnings"] == [NESTED_SET]


def test_the_warning_is_reported_even_if_re_compiled_the_pattern_before() -> None:
    evaluate_module.clear_cache()
    with pytest.warns(FutureWarning):
        re.compile("[[c]")  # now in re's own cache, which would not warn again
    assert run("[[c]")["warnings"] == [NESTED_SET]


def test_the_warning_outlives_the_cache() -> None:
    run("[[d]")
    for n in range(evaluate_module.COMPILE_CACHE_SIZE + 5):
        run(f"a{n}")
    assert run("[[d]")["warnings"] == [NESTED_SET]


@pytest.mark.parametrize("op", ["match", "findall", "finditer", "sub", "subn", "split"])
def test_warnings_are_reported_for_every_op(op: str) -> None:
    assert run("[[a]", op)["warnings"] == [NESTED_SET]


def test_several_warnings_in_pattern_order() -> None:
    result = run("[[a]|[a&&b]")
    re.purge()  # so that re.compile compiles, and warns, again
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        re.compile("[[a]|[a&&b]")
    expected = [{"category": w.category.__name__, "message": str(w.message)} for w in caught]
    assert len(expected) == 2
    assert result["warnings"] == expected


def test_no_warnings_is_an_empty_list() -> None:
    assert run("a")["warnings"] == []


def test_nothing_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    run("[[e]")
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_an_error_result_carries_no_warnings() -> None:
    result = run("[[a](")
    assert result["ok"] is False
    assert "warnings" not in result


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 made this deprecation an error")
def test_a_replacement_template_warning_is_reported_every_time() -> None:
    # 3.11 deprecates group numbers written with non-ASCII digits (here a fullwidth one).
    for _ in range(2):
        result = run("(a)", "sub", replacement="\\g<\uff11>")
        assert result["ok"] is True
        assert result["output"]["value"] == "a[b"
        assert result["warnings"] == [
            {
                "category": "DeprecationWarning",
                "message": "bad character in group name '\uff11' at position 3",
            }
        ]


@pytest.mark.skipif(sys.version_info < (3, 12), reason="3.11 only deprecates this")
def test_a_non_ascii_group_number_is_a_replacement_error() -> None:
    result = run("(a)", "sub", replacement="\\g<\uff11>")
    assert result["ok"] is False
    assert result["error"]["where"] == "replacement"
    assert result["error"]["pos"] == 3
