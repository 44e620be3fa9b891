"""The worker's JSON-string entry points: same results as the Python API, and an interrupt that
lands while a result is being encoded still comes back as an Interrupted result (for a suite: as
the suite's result, encoded again)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from array import array
from typing import Any

import pytest

from pyregex import bridge, evaluate, explain, redos_request, run_suite, to_python
from pyregex.errors import interrupted_error
from pyregex.redos import redos
from pyregex.suite_codegen import suite_to_pytest
from pyregex.trace import trace_request


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


def test_evaluate_json_keeps_the_collector_off_while_it_works_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen_while_encoding: list[bool] = []
    real_dumps = json.dumps

    def noting_dumps(value: Any, **kwargs: Any) -> str:
        seen_while_encoding.append(gc.isenabled())
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(bridge.json, "dumps", noting_dumps)
    request = real_dumps({"pattern": r"\d", "text": "1 2 3", "op": "finditer"})
    bad = real_dumps({"pattern": "(", "text": "", "op": "search"})
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            for answer in (request, bad):
                bridge.evaluate_json(answer)
                assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    # The result is encoded before the collector comes back on.
    assert seen_while_encoding == [False] * 4


SUITE: dict[str, Any] = {
    "pattern": r"(?P<w>\w)\d",
    "op": "findall",
    "tests": [
        {"text": "a1\ud800😀b2", "expect": "match", "output": ["a", "b"], "name": "two"},
        {"text": "none", "expect": "match", "groups": {"w": "x"}},
    ],
}


def without_times(result: Any) -> Any:
    result = {**result, "elapsedMs": 0}
    result["cases"] = [{**case, "elapsedMs": 0} for case in result["cases"]]
    return result


def test_run_suite_json_gives_what_run_suite_gives() -> None:
    answer = json.loads(bridge.run_suite_json(json.dumps({"suite": SUITE, "caseMs": 500})))
    assert without_times(answer) == without_times(run_suite(SUITE, case_ms=500))
    assert [case["status"] for case in answer["cases"]] == ["pass", "fail"]


def test_run_suite_json_passes_the_limits_and_should_stop_on() -> None:
    asked: list[int] = []

    def stop_at_1(index: int) -> bool:
        asked.append(index)
        return index == 1

    request = json.dumps({"suite": SUITE, "caseMs": 250, "suiteMs": 1e6})
    answer = json.loads(bridge.run_suite_json(request, stop_at_1))
    assert [case["status"] for case in answer["cases"]] == ["pass", "skipped"]
    assert asked == [0, 1]


@pytest.mark.parametrize(
    ("request_json", "words"),
    [
        ("{", "the request is not valid JSON: "),
        ("[]", "a run-suite request must be a JSON object, not an array"),
        ("{}", "missing key 'suite': a run-suite request needs suite"),
        ('{"suite": {}, "x": 1}', "unknown key 'x': a run-suite request may only have suite"),
        ('{"suite": {}, "caseMs": 0}', "'caseMs' must be a number of milliseconds above 0"),
        ('{"suite": {}, "suiteMs": true}', "'suiteMs' must be a number of milliseconds above 0"),
        ('{"suite": {}, "caseMs": NaN}', "'caseMs' must be a number of milliseconds above 0"),
        ('{"suite": {"pattern": "a"}}', "missing key 'op': a suite needs pattern, op, tests"),
    ],
)
def test_a_malformed_run_suite_request_is_a_result_with_its_error(
    request_json: str, words: str
) -> None:
    answer = json.loads(bridge.run_suite_json(request_json))
    assert answer["error"]["type"] == "SuiteError"
    assert words in answer["error"]["message"]
    assert (answer["cases"], answer["passed"], answer["failed"]) == ([], 0, 0)


def test_an_interrupt_while_encoding_a_suite_result_encodes_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_dumps = json.dumps
    interrupts = [KeyboardInterrupt(), KeyboardInterrupt()]

    def interrupted_while_encoding(value: Any, **kwargs: Any) -> str:
        if isinstance(value, dict) and "cases" in value and interrupts:
            raise interrupts.pop()
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(bridge.json, "dumps", interrupted_while_encoding)
    answer = json.loads(bridge.run_suite_json(real_dumps({"suite": SUITE})))
    assert interrupts == []
    assert [case["status"] for case in answer["cases"]] == ["pass", "fail"]


def test_suite_to_pytest_json_is_the_pytest_file_as_a_json_string() -> None:
    assert json.loads(bridge.suite_to_pytest_json(json.dumps(SUITE))) == suite_to_pytest(SUITE)


def test_trace_json_is_the_trace_result_with_its_steps_packed() -> None:
    request = {"pattern": "(a)|b", "text": "x😀ab", "op": "findall", "maxTraceSteps": 50}
    answer_json, data = bridge.trace_json(json.dumps(request))
    answer = json.loads(answer_json)
    expected: Any = trace_request(request)[0]
    packed = answer.pop("packedSteps")
    assert answer == {**expected, "trace": []}
    assert packed["count"] == len(expected["trace"]) > 0
    assert len(data) == 4 * 7 * packed["count"]
    ints = array("i", data)
    if sys.byteorder != "little":
        ints.byteswap()
    for i, step in enumerate(expected["trace"]):
        op, p_start, p_end, pos16, start16, flags, group = ints[7 * i : 7 * i + 7]
        assert packed["opNames"][op] == step["op"]
        assert step["pattern16"] == ([p_start, p_end] if p_start >= 0 else None)
        assert (pos16, start16) == (step["pos16"], step["start16"])
        assert bool(flags & 1) == step["backtrack"]
        assert step["group"] == (group if group >= 0 else None)


def test_trace_json_errors_come_without_steps() -> None:
    for request in (
        {"pattern": "(", "text": "", "op": "search"},
        {"pattern": "a", "text": "", "op": "search", "maxSteps": 0},
    ):
        answer_json, data = bridge.trace_json(json.dumps(request))
        assert json.loads(answer_json)["ok"] is False
        assert data == b""


def test_an_interrupt_in_trace_json_is_an_interrupted_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_dumps = json.dumps

    def interrupted_while_encoding(value: Any, **kwargs: Any) -> str:
        if isinstance(value, dict) and value.get("supported") is True:
            raise KeyboardInterrupt
        return real_dumps(value, **kwargs)

    monkeypatch.setattr(bridge.json, "dumps", interrupted_while_encoding)
    answer_json, data = bridge.trace_json('{"pattern": "a", "text": "a", "op": "search"}')
    assert json.loads(answer_json) == interrupted_error()
    assert data == b""


def test_redos_json_is_the_python_verdict() -> None:
    request = {"pattern": "(a+)+$", "flags": "", "op": "search", "maxSteps": 200_000, "maxMs": 5000}
    answer = json.loads(bridge.redos_json(json.dumps(request)))
    expected = redos("(a+)+$", 0, "search", max_steps=200_000, max_seconds=5.0)
    assert answer["verdict"] == expected["verdict"] == "exponential"
    assert answer["attack"] == expected["attack"]
    assert answer["construct16"] == expected["construct16"]
    safe = json.loads(bridge.redos_json('{"pattern": "a+b"}'))
    assert safe["verdict"] == "safe"


def test_a_bad_redos_request_is_a_request_error() -> None:
    for request_json in ("{", "[]", '{"pattern": "a", "maxMs": 0}', '{"pattern": "a", "x": 1}'):
        answer = json.loads(bridge.redos_json(request_json))
        assert answer["ok"] is False
        assert answer["error"]["type"] == "RequestError"


def test_an_interrupt_in_redos_json_is_an_interrupted_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(redos_request, "answer", interrupted)
    assert json.loads(bridge.redos_json('{"pattern": "(a+)+$"}')) == interrupted_error()


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide cannot start subprocesses")
def test_importing_the_bridge_leaves_the_deferred_modules_to_their_first_use() -> None:
    # A fresh interpreter: this one imported them long ago.
    code = (
        "import sys, pyregex.bridge as b\n"
        "print(sorted(m for m in b.DEFERRED_MODULES if m in sys.modules))\n"
        "b.import_deferred()\n"
        "print(sorted(m for m in b.DEFERRED_MODULES if m in sys.modules))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert imported == ["[]", repr(sorted(bridge.DEFERRED_MODULES))]
