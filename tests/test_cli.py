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
