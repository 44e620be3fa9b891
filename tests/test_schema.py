"""The JSON Schema describes exactly what evaluate and run_suite return: real results validate
against it, a result with an extra or missing key does not, and it agrees key for key with
contract.py."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Iterator
from typing import Any, get_type_hints

import pytest

from pyregex import bridge, contract, evaluate, explain, run_suite, sre_vm
from pyregex.explain import EXPLAIN_SCHEMA_DEFS
from pyregex.schema import json_schema
from pyregex.trace import trace

# The package re-exports the function `evaluate`, which hides the module of that name.
evaluate_module = importlib.import_module("pyregex.evaluate")
suite_module = importlib.import_module("pyregex.suite")

TYPED_DICTS: dict[str, Any] = {
    "EvaluateRequest": contract.EvaluateRequest,
    "SuccessResult": contract.SuccessResult,
    "ErrorResult": contract.ErrorResult,
    "Match": contract.Match,
    "Group": contract.Group,
    "Output": contract.Output,
    "Warning": contract.WarningInfo,
    "Error": contract.Error,
    "PackedMatches": contract.PackedMatches,
    "PackedEvaluation": contract.PackedEvaluation,
    "Suite": contract.Suite,
    "SuiteCase": contract.SuiteCase,
    "SuiteResult": contract.SuiteResult,
    "CaseResult": contract.CaseResult,
    "CaseExpected": contract.CaseExpected,
    "CaseActual": contract.CaseActual,
    "RunSuiteRequest": contract.RunSuiteRequest,
    "TraceRequest": contract.TraceRequest,
    "TraceStep": contract.TraceStep,
    "StoppedAt": contract.StoppedAt,
    "PackedSteps": contract.PackedSteps,
    "TraceSuccess": contract.TraceSuccess,
    "TraceUnsupported": contract.TraceUnsupported,
}

REQUESTS: list[dict[str, Any]] = [
    {"pattern": r"(?P<w>\w)(\d)?", "text": "a😀b1", "op": op, "replacement": r"<\g<w>>"}
    for op in ("match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")
] + [
    {"pattern": "x", "text": "abc", "op": "match"},
    {"pattern": "(a)|(b)", "text": "ab", "op": "findall"},
    {"pattern": "(,)|(;)", "text": "a,b;c", "op": "split", "maxsplit": 1},
    {"pattern": "a", "text": "aaaa", "op": "finditer", "maxMatches": 2},
    {"pattern": "[[a]", "text": "a", "op": "search", "flags": "im"},
    {"pattern": "😀(", "text": "", "op": "search"},
    {"pattern": "a", "text": "", "op": "search", "flags": "l"},
    {"pattern": "(a)", "text": "", "op": "sub", "replacement": r"\g<nope>"},
    {"pattern": "(a)", "text": "", "op": "sub", "replacement": "\\"},
    {"pattern": "a{99999999999}", "text": "", "op": "search"},
    {"pattern": "a", "text": "", "op": "search", "colour": "red"},
]


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_the_schema_is_plain_json() -> None:
    schema = json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_is_a_fresh_copy_each_time() -> None:
    json_schema()["$defs"]["Match"]["title"] = "changed"
    assert json_schema()["$defs"]["Match"]["title"] == "Match"


def test_every_def_has_a_title_and_a_description() -> None:
    for name, definition in json_schema()["$defs"].items():
        assert definition.get("title"), name
        assert definition.get("description"), name


def test_the_defs_the_page_needs_are_there() -> None:
    defs = json_schema()["$defs"]
    assert {
        "EvaluateRequest",
        "EvaluateResult",
        "Match",
        "Group",
        "Error",
        "Warning",
        "Output",
    } <= set(defs)


def test_every_object_forbids_keys_it_does_not_name() -> None:
    for node in walk(json_schema()):
        if node.get("type") == "object":
            assert "additionalProperties" in node, node
            if "properties" in node:
                assert node["additionalProperties"] is False, node.get("title")


@pytest.mark.parametrize("name", sorted(TYPED_DICTS))
def test_the_schema_agrees_with_the_typed_dicts(name: str) -> None:
    definition = json_schema()["$defs"][name]
    typed_dict = TYPED_DICTS[name]
    assert set(definition["properties"]) == set(get_type_hints(typed_dict))
    assert set(definition["required"]) == set(typed_dict.__required_keys__)


def test_explain_defs_are_merged() -> None:
    assert set(EXPLAIN_SCHEMA_DEFS) <= set(json_schema()["$defs"])
    assert "ExplainResult" in json_schema()["$defs"]


def test_every_reference_resolves() -> None:
    schema = json_schema()
    for node in walk(schema):
        ref = node.get("$ref")
        if ref is not None:
            assert ref.startswith("#/$defs/")
            assert ref.removeprefix("#/$defs/") in schema["$defs"], ref


try:
    import jsonschema
except ImportError:  # inside Pyodide: only pytest and hypothesis are installed there
    jsonschema = None

needs_jsonschema = pytest.mark.skipif(
    jsonschema is None,
    reason="jsonschema is not installed (a native dev tool; Pyodide runs without it)",
)


def validator(def_name: str) -> Any:
    schema = {**json_schema(), "$ref": f"#/$defs/{def_name}"}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(def_name: str, value: object) -> None:
    errors = list(validator(def_name).iter_errors(value))
    assert errors == [], [error.message for error in errors]


def assert_invalid(def_name: str, value: object) -> None:
    assert not validator(def_name).is_valid(value)


@needs_jsonschema
@pytest.mark.parametrize("request_", REQUESTS)
def test_real_results_validate(request_: dict[str, Any]) -> None:
    assert_valid("EvaluateResult", evaluate(request_))


@needs_jsonschema
@pytest.mark.parametrize("request_", REQUESTS)
def test_real_packed_evaluations_validate(request_: dict[str, Any]) -> None:
    answer, _data = bridge.evaluate_json(json.dumps(request_))
    assert_valid("PackedEvaluation", json.loads(answer))


@needs_jsonschema
@pytest.mark.parametrize("request_", REQUESTS)
def test_real_trace_results_validate(request_: dict[str, Any]) -> None:
    assert_valid("TraceResult", trace(request_))
    if "colour" not in request_:
        assert_valid("TraceRequest", {**request_, "maxSteps": 10, "maxTraceSteps": 0})
    answer, _data = bridge.trace_json(json.dumps({**request_, "maxTraceSteps": 5}))
    assert_valid("TraceResult", json.loads(answer))


@needs_jsonschema
def test_truncated_and_unsupported_traces_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    truncated = trace({"pattern": "(a+)+$", "text": "a" * 30 + "b", "op": "search"}, max_steps=50)
    assert truncated["ok"] is True
    assert truncated["supported"] is True
    assert truncated["truncated"] is True
    assert_valid("TraceResult", truncated)

    def unknown(*args: object, **kwargs: object) -> None:
        raise sre_vm.UnsupportedOpcode("NEW_OP")

    monkeypatch.setattr(sre_vm, "run", unknown)
    unsupported = trace({"pattern": "a", "text": "a", "op": "search"})
    assert unsupported["ok"] is True
    assert unsupported["supported"] is False
    assert_valid("TraceResult", unsupported)


@needs_jsonschema
def test_an_interrupted_result_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(evaluate_module, "_run_op", interrupted)
    assert_valid("EvaluateResult", evaluate(REQUESTS[0]))


@needs_jsonschema
@pytest.mark.parametrize("request_", [r for r in REQUESTS if "colour" not in r])
def test_well_formed_requests_validate(request_: dict[str, Any]) -> None:
    assert_valid("EvaluateRequest", request_)


@needs_jsonschema
@pytest.mark.parametrize(
    "request_",
    [
        {"pattern": "a", "text": "a", "op": "search", "colour": "red"},
        {"pattern": "a", "text": "a"},
        {"pattern": "a", "text": "a", "op": "replace"},
        {"pattern": "a", "text": "a", "op": "search", "flags": "q"},
        {"pattern": "a", "text": "a", "op": "search", "maxMatches": 0},
        {"pattern": "a", "text": "a", "op": "search", "count": 1.5},
    ],
)
def test_malformed_requests_do_not_validate(request_: dict[str, Any]) -> None:
    assert_invalid("EvaluateRequest", request_)
    assert evaluate(request_)["ok"] is False


@needs_jsonschema
def test_drift_in_a_result_is_caught() -> None:
    result: Any = evaluate(REQUESTS[5])  # sub, with matches
    assert_valid("EvaluateResult", result)
    tampered = [copy.deepcopy(result) for _ in range(5)]
    tampered[0]["matches"][0]["extra"] = 1
    del tampered[1]["matches"][0]["groups"][1]["name"]
    tampered[2]["output"]["value"] = {"not": "allowed"}
    tampered[3]["elapsed_ms"] = tampered[3].pop("elapsedMs")
    tampered[4]["ok"] = False
    for value in tampered:
        assert_invalid("EvaluateResult", value)


@needs_jsonschema
@pytest.mark.parametrize(("pattern", "flags"), [(r"(?P<y>\d{4})-(\d\d)?|x+?", "i"), ("(", "")])
def test_explain_results_validate_in_the_same_document(pattern: str, flags: str) -> None:
    assert_valid("ExplainResult", explain(pattern, flags))


# ---- test suites --------------------------------------------------------------------------------

SUITES: list[dict[str, Any]] = [
    {
        "pattern": r"(?P<year>\d{4})-(\d\d)(x)?",
        "op": op,
        "flags": "i",
        "replacement": r"\g<year>",
        "count": 0,
        "maxsplit": 0,
        "tests": [
            {"text": "on 2025-10", "expect": "match", "groups": {"year": "2025", "3": None}},
            {"text": "on 2024-10", "expect": "match", "groups": {"year": "2025", "x": "a"}},
            {"text": "none", "expect": "no match", "name": "a name"},
            {"text": "2025-10 😀\ud800", "expect": "no match"},
            *(
                [{"text": "2025-10", "expect": "match", "output": ["2025-10"]}]
                if op in ("findall", "sub", "subn", "split")
                else []
            ),
        ],
    }
    for op in ("match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")
] + [
    {"pattern": "(", "op": "search", "tests": [{"text": "a", "expect": "match"}]},
    {"pattern": "(a)", "op": "sub", "replacement": r"\2", "tests": []},
    {"pattern": "a", "op": "search", "flags": "l", "tests": [{"text": "a", "expect": "match"}]},
]


@needs_jsonschema
@pytest.mark.parametrize("suite", SUITES)
def test_suites_validate_and_so_do_their_results(suite: dict[str, Any]) -> None:
    assert_valid("Suite", suite)
    assert_valid("SuiteResult", run_suite(suite))
    assert_valid("RunSuiteRequest", {"suite": suite, "caseMs": 500, "suiteMs": 2000.5})
    assert_valid("SuiteResult", json.loads(bridge.run_suite_json(json.dumps({"suite": suite}))))


@needs_jsonschema
def test_results_with_timeouts_skips_and_errors_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(suite_module, "run_op", interrupted)
    timed_out = run_suite(SUITES[1], should_stop=lambda index: index == 2)
    assert [case["status"] for case in timed_out["cases"]] == [
        "timeout",
        "timeout",
        "skipped",
        "skipped",
    ]
    assert_valid("SuiteResult", timed_out)
    for malformed in ({"pattern": "a"}, [], {"suite": 1}):
        assert_valid("SuiteResult", run_suite(malformed))
        assert_valid("SuiteResult", json.loads(bridge.run_suite_json(json.dumps(malformed))))


@needs_jsonschema
@pytest.mark.parametrize(
    "suite",
    [
        {"pattern": "a", "op": "search"},
        {"pattern": "a", "op": "search", "tests": [], "colour": "red"},
        {"pattern": "a", "op": "search", "tests": [{"text": "a", "expect": "yes"}]},
        {"pattern": "a", "op": "search", "tests": [{"text": "a"}]},
        {"pattern": "a", "op": "search", "tests": [{"text": "a", "expect": "match", "x": 1}]},
        {"pattern": "a", "op": "sub", "count": -1, "tests": []},
        {"pattern": "a", "op": "search", "tests": [{"text": "a", "expect": "match", "groups": 1}]},
    ],
)
def test_malformed_suites_do_not_validate(suite: dict[str, Any]) -> None:
    assert_invalid("Suite", suite)
    assert run_suite(suite)["error"] is not None
