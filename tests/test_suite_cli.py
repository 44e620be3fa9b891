"""`python -m pyregex test`: a suite from a file, stdin or a permalink; a pytest-like report or the
SuiteResult as JSON; exit code 0 when every case passed, 1 when one did not, 2 (one line on stderr,
no traceback) when the input is unusable. In-process everywhere, as a subprocess natively."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pyregex import run_suite
from pyregex.case_timer import case_limits_supported
from pyregex.cli import main
from pyregex.permalink import encode_session
from pyregex.suite_cli import EPILOG
from pyregex.suite_codegen import suite_to_pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.version.split()[0]

needs_subprocess = pytest.mark.skipif(
    sys.platform == "emscripten", reason="Pyodide cannot start subprocesses"
)
needs_case_timer = pytest.mark.skipif(
    not case_limits_supported(), reason="no signal.setitimer here (Windows, Pyodide)"
)

DATES: dict[str, Any] = {
    "pattern": r"(?P<year>\d{4})-(\d\d)",
    "op": "search",
    "tests": [
        {"text": "Released 2025-10-07", "expect": "match", "groups": {"year": "2025"}},
        {"text": "no date here", "expect": "no match", "name": "plain text"},
    ],
}

FAILING: dict[str, Any] = {
    **DATES,
    "flags": "i",
    "tests": [
        *DATES["tests"],
        {"text": "Released 2024-10-07", "expect": "match", "groups": {"year": "2025"}},
        {"text": "x 1999-12", "expect": "no match", "name": 'a "quoted" name'},
    ],
}


class TtyStdin(io.BytesIO):
    def isatty(self) -> bool:
        return True


def cli(*args: str, stdin: bytes | str = b"", tty: bool = False) -> tuple[int, str, str]:
    """Run main() in this process; returns (exit code, stdout, stderr)."""
    raw = stdin.encode() if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    source = TtyStdin(raw) if tty else io.BytesIO(raw)
    code = main(["test", *args], stdin=source, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, value: object, name: str = "suite.json") -> str:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return str(path)


def test_a_passing_suite_reports_each_case_and_exits_0(tmp_path: Path) -> None:
    code, out, err = cli(write(tmp_path, DATES))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        rf'pyregex test: 2 cases, pattern r"(?P<year>\d{{4}})-(\d\d)" (search), Python {PYTHON}'
    )
    assert lines[1] == "case 1    PASSED   'Released 2025-10-07'"
    assert lines[2] == "case 2    PASSED   plain text"
    assert re.fullmatch(r"=+ 2 passed in \d+\.\d\ds =+", lines[3])
    assert len(lines) == 4
    assert len(lines[3]) == 80


def test_a_failing_suite_shows_what_each_failure_expected_and_got_and_exits_1(
    tmp_path: Path,
) -> None:
    code, out, _ = cli(write(tmp_path, FAILING))
    assert code == 1
    assert "(search, flags 'i')" in out.splitlines()[0]
    assert "case 3    FAILED   'Released 2024-10-07'" in out
    assert 'case 4    FAILED   a "quoted" name' in out
    failures = out[out.index(" FAILURES ") :]
    assert "text      'Released 2024-10-07'" in failures
    assert "expected  match, groups {'year': '2025'}" in failures
    assert "why       group 'year': expected '2025', got '2024'" in failures
    assert "actual    match, groups {'0': '2024-10', '1': '2024', '2': '10', 'year': '2024'}" in out
    assert "why       expected no match, but search matched '1999-12' at 2\u20139" in failures
    assert re.search(r"=+ 2 passed, 2 failed in \d+\.\d\ds =+\n$", out)


def test_json_prints_the_suite_result(tmp_path: Path) -> None:
    code, out, _ = cli(write(tmp_path, FAILING), "--json")
    assert code == 1
    assert out.isascii()
    result = json.loads(out)
    expected: Any = run_suite(FAILING)
    for value in (result, expected):
        value.pop("elapsedMs")
        for case in value["cases"]:
            case.pop("elapsedMs")
    assert result == expected
    assert {"passed", "failed", "python", "cases"} <= set(result)
    assert set(result["cases"][0]) >= {"index", "ok", "expected", "actual", "message"}


def test_json_with_indent_pretty_prints(tmp_path: Path) -> None:
    code, out, _ = cli(write(tmp_path, DATES), "--json", "--indent", "2")
    assert code == 0
    assert out.startswith('{\n  "passed": 2,')


def test_a_pattern_that_does_not_compile_shows_cpythons_error_and_exits_1(tmp_path: Path) -> None:
    suite = {**DATES, "pattern": "(?P<year>\\d{4}"}
    code, out, _ = cli(write(tmp_path, suite))
    assert code == 1
    lines = out.splitlines()
    assert lines[1] == (
        "ERROR: the pattern does not compile: missing ), unterminated subpattern at position 0"
    )
    assert lines[2:4] == ["    (?P<year>\\d{4}", "    ^"]
    assert lines[4] == "case 1    SKIPPED  'Released 2025-10-07'"
    assert re.fullmatch(r"=+ 2 skipped, 1 error in \d+\.\d\ds =+", lines[-1])


def test_pytest_prints_the_suite_as_a_pytest_file_instead_of_running_it(tmp_path: Path) -> None:
    code, out, err = cli(write(tmp_path, FAILING), "--pytest")
    assert (code, err) == (0, "")
    assert out == suite_to_pytest(FAILING)
    code, out, err = cli("-", "--pytest", stdin='{"pattern": "a"}')
    assert (code, out) == (2, "")
    assert "missing key 'op'" in err


def test_no_cases_is_a_pass_that_says_so(tmp_path: Path) -> None:
    code, out, _ = cli(write(tmp_path, {**DATES, "tests": []}))
    assert code == 0
    assert "pyregex test: 0 cases" in out
    assert re.search(r"=+ no test cases in \d+\.\d\ds =+\n$", out)


def test_stdin_is_read_for_a_dash_and_when_no_source_is_given() -> None:
    for args in (["-"], []):
        code, out, _ = cli(*args, stdin=json.dumps(DATES))
        assert code == 0
        assert "2 passed" in out


def test_a_permalink_is_a_source_as_an_argument_in_a_file_or_on_stdin(tmp_path: Path) -> None:
    session = {**DATES, "text": "page only", "deadlineMs": 2000, "flags": "", "count": 0}
    fragment = encode_session(session)
    for args, stdin in [
        ([fragment], ""),
        ([fragment.removeprefix("#")], ""),
        ([f"https://example.org/pyregex/{fragment}"], ""),
        ([write(tmp_path, f"https://example.org/{fragment}\n", "link.txt")], ""),
        ([], f"{fragment}\n"),
    ]:
        code, out, err = cli(*args, stdin=stdin)
        assert (code, err) == (0, ""), args
        assert "2 passed" in out


def test_a_link_made_on_another_python_says_so_and_still_runs() -> None:
    running = "{}.{}".format(*sys.version_info[:2])
    other = "3.99"
    for made_on, noted in [(other, True), (running, False), (None, False)]:
        session = {**DATES, "text": "", "deadlineMs": 2000, "flags": "", "count": 0}
        if made_on is not None:
            session["python"] = made_on
        code, out, err = cli(encode_session(session))
        assert code == 0, made_on
        assert "2 passed" in out
        expected = f"note: the link was made on Python {other} and runs here on Python {running}"
        assert (expected in err) is noted, (made_on, err)
        if not noted:
            assert err == ""


def test_a_link_made_before_suites_has_no_cases() -> None:
    entry = json.loads((ROOT / "tests/fixtures/permalinks/v1-before-suites.json").read_text())[0]
    code, out, _ = cli(entry["fragment"])
    assert code == 0
    assert "no test cases" in out


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["missing.json"], "", "no such file: missing.json"),
        (["-"], "{", "invalid JSON in stdin"),
        (["-"], "", "stdin is empty"),
        (["-"], b"\xff\xfe", "stdin is not UTF-8 text"),
        (
            ["-"],
            "[1]",
            "the suite in stdin is invalid: a suite must be a JSON object, not an array",
        ),
        (
            ["-"],
            json.dumps({**DATES, "tests": [{"text": "a", "expect": "yes"}]}),
            "the suite in stdin is invalid: test case 1: 'expect' must be 'match' or 'no match'",
        ),
        (["#v2=abc"], "", "cannot read the link: this link uses permalink format v2"),
        (["#v1=ab$c"], "", "cannot read the link: this link is damaged"),
        (["--timeout", "-1"], "{}", "--timeout must be a number of seconds"),
        (["--frobnicate"], "", "unrecognized arguments: --frobnicate"),
    ],
)
def test_unusable_input_is_one_clear_line_and_exit_code_2(
    args: list[str], stdin: str | bytes, words: str
) -> None:
    code, out, err = cli(*args, stdin=stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("python -m pyregex test: ")
    assert words in err
    assert "Traceback" not in err


def test_an_invalid_suite_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "{not json")
    code, _, err = cli(path)
    assert code == 2
    assert f"invalid JSON in {path}: " in err


def test_with_no_source_and_a_terminal_on_stdin_it_says_what_to_give() -> None:
    code, _, err = cli(tty=True)
    assert code == 2
    assert "give a suite file, '-' to read stdin, or a pyregex permalink" in err


def test_help_documents_the_suite_format_with_an_example() -> None:
    code, out, _ = cli("--help")
    assert code == 0
    for words in ("SOURCE", "permalink", "suite keys:", "expect", "groups", "output", "example:"):
        assert words in out
    json_help = io.StringIO()
    assert main(["--help"], stdout=json_help) == 0
    assert "python -m pyregex test" in json_help.getvalue()


def test_the_help_example_is_true(tmp_path: Path) -> None:
    example = EPILOG[EPILOG.index("$ cat dates.json\n") + len("$ cat dates.json\n") :]
    suite_text, shown = example.split("  $ python -m pyregex test dates.json\n")
    code, out, _ = cli(write(tmp_path, suite_text, "dates.json"))
    assert code == 0
    expected = [line.removeprefix("  ") for line in shown.split("\n\n")[0].splitlines()]
    lines = out.splitlines()
    assert lines[0].startswith(expected[0].removesuffix("3..."))
    assert lines[1:3] == expected[1:3]
    assert re.fullmatch(r"=+ 2 passed in \d+\.\d\ds =+", lines[3])


@needs_case_timer
def test_timeout_stops_a_runaway_case_and_the_rest_still_run(tmp_path: Path) -> None:
    suite = {
        "pattern": r"(a+)+$",
        "op": "search",
        "tests": [
            {"text": "a" * 40 + "b", "expect": "no match", "name": "catastrophic"},
            {"text": "aaa", "expect": "match"},
        ],
    }
    started = time.perf_counter()
    code, out, _ = cli(write(tmp_path, suite), "--timeout", "0.2")
    assert code == 1
    assert "case 1    TIMEOUT  catastrophic" in out
    assert "case 2    PASSED   'aaa'" in out
    assert re.search(r"why       timed out: stopped after \d+ ms", out)
    assert re.search(r"=+ 1 passed, 1 timed out in \d+\.\d\ds =+\n$", out)
    assert time.perf_counter() - started < 5


def run_module(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    return subprocess.run(
        [sys.executable, "-m", "pyregex", "test", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


@needs_subprocess
def test_module_runs_a_suite_file_and_sets_the_exit_code(tmp_path: Path) -> None:
    done = run_module(write(tmp_path, DATES))
    assert (done.returncode, done.stderr) == (0, "")
    assert "2 passed" in done.stdout
    done = run_module(write(tmp_path, FAILING, "failing.json"), "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["failed"] == 2


@needs_subprocess
def test_module_bad_input_exits_2_without_traceback(tmp_path: Path) -> None:
    done = run_module("-", stdin='{"pattern": "a", "op": "search"}')
    assert done.returncode == 2
    assert done.stdout == ""
    assert "missing key 'tests'" in done.stderr
    assert "Traceback" not in done.stderr


@needs_subprocess
@needs_case_timer
def test_ctrl_c_stops_the_suite_and_still_prints_the_report(tmp_path: Path) -> None:
    suite = {
        "pattern": r"(a+)+$",
        "op": "search",
        "tests": [
            {"text": "a", "expect": "match"},
            {"text": "a" * 60 + "b", "expect": "no match", "name": "runs for ever"},
            {"text": "aa", "expect": "match"},
        ],
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    process = subprocess.Popen(
        [sys.executable, "-m", "pyregex", "test", write(tmp_path, suite), "--timeout", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(3)  # well past start-up: the runaway case is running
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1, err
    assert "case 1    PASSED" in out
    assert "case 2    SKIPPED  runs for ever (not run: the suite was stopped)" in out
    assert "case 3    SKIPPED  'aa' (not run: the suite was stopped)" in out
    assert "Traceback" not in err


def test_the_readme_example_suite_passes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Test suites in your CI") :]
    example = section[section.index("```json\n") + len("```json\n") : section.index("```\n", 10)]
    code, out, _ = cli("-", stdin=example)
    assert code == 0
    assert re.search(r"=+ 2 passed in \d+\.\d\ds =+\n$", out)


@needs_subprocess
def test_a_name_stdout_cannot_encode_is_printed_as_an_escape(tmp_path: Path) -> None:
    suite = {"pattern": "a", "op": "search", "tests": [{"text": "a", "expect": "match"}]}
    suite["tests"][0]["name"] = "lone \ud800 é"
    path = tmp_path / "suite.json"
    path.write_text(json.dumps(suite), encoding="ascii")  # the surrogate travels as \ud800
    done = run_module(str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert "case 1    PASSED   lone \\ud800 é" in done.stdout
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py"), "PYTHONIOENCODING": "ascii"}
    ascii_run = subprocess.run(
        [sys.executable, "-m", "pyregex", "test", str(path)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert ascii_run.returncode == 0
    assert b"lone \\ud800 \\xe9" in ascii_run.stdout
