"""`python -m pyregex`: JSON in, JSON out; a mistake in the input is a clear message and exit
code 2, never a traceback. Tested in-process (everywhere) and as a subprocess (not in Pyodide)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import pyregex
from pyregex import evaluate
from pyregex.cli import main
from pyregex.schema import json_schema
from pyregex.trace import trace

ROOT = Path(__file__).resolve().parent.parent

needs_subprocess = pytest.mark.skipif(
    sys.platform == "emscripten", reason="Pyodide cannot start subprocesses"
)

SEARCH = {"pattern": r"(\w+)@(\w+)", "text": "mail me@host", "op": "search"}
SUB = {"pattern": "a", "text": "banana", "op": "sub", "replacement": "o", "count": 2}


def cli(stdin: bytes | str, *args: str) -> tuple[int, str, str]:
    """Run main() in this process; returns (exit code, stdout, stderr)."""
    raw = stdin.encode() if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(raw), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def without_timing(result: Any) -> Any:
    if isinstance(result, list):
        return [without_timing(item) for item in result]
    return {key: value for key, value in result.items() if key != "elapsedMs"}


def test_one_request_gives_one_result() -> None:
    code, out, err = cli(json.dumps(SEARCH))
    assert (code, err) == (0, "")
    assert without_timing(json.loads(out)) == without_timing(evaluate(SEARCH))


def test_an_array_of_requests_gives_an_array_of_results_in_order() -> None:
    requests = [SEARCH, SUB, {"pattern": "(", "text": "", "op": "match"}]
    code, out, _ = cli(json.dumps(requests))
    assert code == 0
    results = json.loads(out)
    assert without_timing(results) == [without_timing(evaluate(r)) for r in requests]
    assert [r["ok"] for r in results] == [True, True, False]


def test_an_empty_array_gives_an_empty_array() -> None:
    assert cli("[]") == (0, "[]\n", "")


def test_indent_pretty_prints() -> None:
    code, out, _ = cli(json.dumps(SUB), "--indent", "2")
    assert code == 0
    assert out.startswith('{\n  "ok": true')


def test_output_is_ascii_json_that_keeps_astral_characters_and_lone_surrogates() -> None:
    request = {"pattern": ".", "text": "😀\udc00\r\n", "op": "findall", "flags": "s"}
    code, out, _ = cli(json.dumps(request))
    assert code == 0
    assert out.isascii()
    assert json.loads(out)["output"]["value"] == ["😀", "\udc00", "\r", "\n"]


def test_utf8_input_is_read_as_utf8() -> None:
    code, out, _ = cli(json.dumps(SEARCH | {"text": "é😀 a@b"}, ensure_ascii=False).encode())
    assert code == 0
    assert json.loads(out)["matches"][0]["span16"] == [4, 7]


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("{", ["invalid JSON"]),
        ("", ["no input"]),
        ("   \n", ["no input"]),
        (b"\xff\xfe\xfa", ["not UTF-8"]),
        pytest.param(
            "[" * 100_000,
            ["invalid JSON", "nested too deeply"],
            marks=pytest.mark.skipif(
                sys.platform == "emscripten",
                reason="in Pyodide, json's C parser overflows the wasm stack before RecursionError",
            ),
        ),
        ("3", ["JSON object"]),
        ('"a"', ["JSON object"]),
        (json.dumps(SEARCH | {"colour": "red"}), ["unknown key", "'colour'"]),
        (json.dumps([SEARCH, SEARCH | {"x": 1}]), ["request 2 of 2", "unknown key", "'x'"]),
        (json.dumps([SEARCH, 5]), ["request 2 of 2", "JSON object"]),
        (json.dumps({"pattern": "a", "op": "match"}), ["missing key", "'text'"]),
        (json.dumps(SEARCH | {"flags": "q"}), ["flag letter"]),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_code_2(stdin: bytes | str, words: list[str]) -> None:
    code, out, err = cli(stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("python -m pyregex: ")
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_an_unknown_option_is_exit_code_2_with_usage() -> None:
    code, _, err = cli("", "--frobnicate")
    assert code == 2
    assert "usage:" in err


def test_help_explains_with_an_example() -> None:
    code, out, _ = cli("", "--help")
    assert code == 0
    assert "stdin" in out
    assert "example:" in out
    assert "--schema" in out
    assert "maxMatches" in out


def test_schema_prints_the_json_schema() -> None:
    code, out, _ = cli("", "--schema")
    assert code == 0
    assert json.loads(out) == json_schema()


def test_version_matches_the_package_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pyregex.__version__ == project["version"]
    assert cli("", "--version") == (0, f"pyregex {project['version']}\n", "")


def run_module(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    return subprocess.run(
        [sys.executable, "-m", "pyregex", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


@needs_subprocess
def test_module_single_request() -> None:
    done = run_module(json.dumps(SUB))
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    assert result["output"]["value"] == "bonona"
    assert result["python"] == sys.version


@needs_subprocess
def test_module_array_of_requests() -> None:
    done = run_module(json.dumps([SUB, SEARCH]))
    assert done.returncode == 0
    assert [r["op"] for r in json.loads(done.stdout)] == ["sub", "search"]


@needs_subprocess
def test_module_help() -> None:
    done = run_module("", "--help")
    assert done.returncode == 0
    assert "python -m pyregex" in done.stdout
    assert "example:" in done.stdout


@needs_subprocess
def test_module_schema() -> None:
    done = run_module("", "--schema")
    assert done.returncode == 0
    assert "EvaluateResult" in json.loads(done.stdout)["$defs"]


@needs_subprocess
@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ('{"pattern": "a", "text": ', "invalid JSON"),
        (json.dumps(SEARCH | {"replacment": ""}), "unknown key 'replacment'"),
    ],
)
def test_module_bad_input_exits_2_without_traceback(stdin: str, words: str) -> None:
    done = run_module(stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert words in done.stderr
    assert "Traceback" not in done.stderr


# ---- --trace ------------------------------------------------------------------------------------


def test_trace_gives_the_trace_result() -> None:
    code, out, err = cli(json.dumps(SEARCH | {"maxTraceSteps": 3}), "--trace")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result == trace(SEARCH, max_trace_steps=3)
    assert result["matches"] == evaluate(SEARCH)["matches"]
    assert len(result["trace"]) == 3


def test_trace_takes_an_array_with_budgets_per_request() -> None:
    requests = [
        {"pattern": "[ab]+", "text": "banana", "op": "findall", "maxSteps": 2},
        SEARCH,
        {"pattern": "(", "text": "", "op": "match", "maxTraceSteps": 0},
    ]
    code, out, _ = cli(json.dumps(requests), "--trace")
    assert code == 0
    results = json.loads(out)
    assert [r["ok"] for r in results] == [True, True, False]
    assert results[0]["truncated"] is True
    assert results[0]["maxSteps"] == 2
    assert results[1]["truncated"] is False
    assert results[2] == evaluate({"pattern": "(", "text": "", "op": "match"})


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (json.dumps(SEARCH | {"maxSteps": 0}), ["the request is invalid", "'maxSteps'"]),
        (json.dumps([SEARCH, SEARCH | {"maxTraceSteps": "9"}]), ["request 2 of 2", "integer"]),
        (json.dumps(SEARCH | {"colour": "red"}), ["unknown key", "'colour'"]),
        ("[1", ["invalid JSON"]),
    ],
)
def test_trace_bad_input_is_a_clear_message_and_exit_code_2(stdin: str, words: list[str]) -> None:
    code, out, err = cli(stdin, "--trace")
    assert code == 2
    assert out == ""
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_help_names_trace_and_its_budgets() -> None:
    _, out, _ = cli("", "--help")
    assert "--trace" in out
    assert "maxSteps" in out
    assert "maxTraceSteps" in out


@needs_subprocess
def test_module_trace() -> None:
    done = run_module(json.dumps(SEARCH), "--trace")
    assert done.returncode == 0
    assert json.loads(done.stdout)["matches"] == evaluate(SEARCH)["matches"]
