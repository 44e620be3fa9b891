"""`python -m pyregex --redos`: ReDoS requests in, verdicts out (one object or an array, as the
default mode), a malformed request is exit code 2 with a message; and every verdict validates
against the JSON Schema the page's types come from."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from pyregex.cli import main
from pyregex.redos import redos
from pyregex.schema import json_schema

try:
    import jsonschema
except ImportError:  # inside Pyodide: only pytest and hypothesis are installed there
    jsonschema = None


def cli(stdin: str, *args: str) -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(stdin.encode()), stdout=out, stderr=err)
    return code, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue()


def test_one_request_gives_one_verdict() -> None:
    code, result, err = cli('{"pattern": "(a+)+$", "flags": "", "maxMs": 600000}', "--redos")
    assert (code, err) == (0, "")
    assert result["verdict"] == "exponential"
    assert result == redos("(a+)+$", 0, max_seconds=600)


def test_an_array_gives_an_array_in_order() -> None:
    requests = [
        {"pattern": r"\s+$", "op": "search", "maxMs": 600000},
        {"pattern": r"\s+$", "op": "match", "maxMs": 600000},
        {"pattern": "(a|A)+$", "flags": "i", "op": "fullmatch", "maxSteps": 1000, "maxMs": 5000},
    ]
    code, results, _ = cli(json.dumps(requests), "--redos")
    assert code == 0
    assert [r["verdict"] for r in results] == ["polynomial", "safe", "safe"]


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ('{"flags": "i"}', "missing key 'pattern'"),
        ('{"pattern": "a", "op": "scan"}', "'op' must be one of"),
        ('{"pattern": "a", "flags": "q"}', "unknown flag letter"),
        ('{"pattern": "a", "text": "a"}', "unknown key"),
        ('{"pattern": "a", "maxSteps": 0}', "'maxSteps' must be at least 1"),
        ('{"pattern": "a", "maxMs": -1}', "'maxMs' must be a positive number"),
        ('[{"pattern": "a"}, 3]', "request 2 of 2 is invalid"),
        ("nope", "invalid JSON"),
    ],
)
def test_a_malformed_request_is_a_usage_error(request_: str, message: str) -> None:
    code, result, err = cli(request_, "--redos")
    assert code == 2
    assert result is None
    assert message in err


def test_a_bad_pattern_is_a_normal_result() -> None:
    code, result, _ = cli('{"pattern": "(a"}', "--redos")
    assert code == 0
    assert result["verdict"] == "unknown"


@pytest.mark.skipif(jsonschema is None, reason="jsonschema is a native dev tool")
@pytest.mark.parametrize(
    ("pattern", "op"),
    [("(a+)+$", "search"), (r"\s*$", "search"), ("abc", "match"), ("(a", "search")],
)
def test_verdicts_validate_against_the_schema(pattern: str, op: str) -> None:
    schema = {**json_schema(), "$ref": "#/$defs/RedosResult"}
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(redos(pattern, 0, op, max_seconds=600))) == []
    request = {**json_schema(), "$ref": "#/$defs/RedosRequest"}
    assert jsonschema.Draft202012Validator(request).is_valid({"pattern": pattern, "op": op})
