"""The worker's JSON-string entry points: same results as the Python API, and an interrupt that
lands while a result is being encoded still comes back as an Interrupted result."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pyregex import bridge, evaluate, explain, to_python


def test_evaluate_json_round_trips_the_result_exactly() -> None:
    request = {"pattern": r"(?P<w>\w)", "text": "a\ud800😀b", "op": "findall"}
    answer = json.loads(bridge.evaluate_json(json.dumps(request))[0])["result"]
    expected: Any = evaluate(request)
    del answer["elapsedMs"], expected["elapsedMs"]
    expected["matches"] = []  # they travel packed (tests/test_packed.py)
    assert answer == expected
    assert answer["output"]["value"] == ["a", "b"]


def test_explain_and_to_python_json_match_the_python_api() -> None:
    assert json.loads(bridge.explain_json(json.dumps(["(a)+", "i"]))) == explain("(a)+", "i")
    request = {"pattern": "a", "text": "aa", "op": "sub", "replacement": "b"}
    assert json.loads(bridge.to_python_json(json.dumps(request))) == to_python(request)


def test_info_names_the_running_python_and_package() -> None:
    info = json.loads(bridge.info_json())
    assert set(info) == {"python", "pyregex"}


def test_an_interrupt_while_encoding_is_an_interrupted_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_dumps = json.dumps

    def interrupted_while_encoding(value: Any, **kwargs: Any) -> str:
        if isinstance(value, dict) and value.get("result", {}).get("ok") is True:
            raise KeyboardInterrupt
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(bridge.json, "dumps", interrupted_while_encoding)
    answer = json.loads(
        bridge.evaluate_json(real_dumps({"pattern": "a", "text": "a", "op": "search"}))[0]
    )["result"]
    assert answer["ok"] is False
    assert answer["error"]["type"] == "Interrupted"
    assert answer["error"]["where"] == "engine"
