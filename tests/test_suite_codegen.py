"""suite_to_pytest(): the exported pytest file passes and fails case by case exactly as run_suite
judges, with plain `re` and no pyregex. Checked two ways: by calling the file's own test function
on each of its cases (in this process, so also inside Pyodide), and natively by running pytest on
the files in a subprocess and reading its JUnit XML. The files are also lint-clean for ruff."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from pyregex import run_suite
from pyregex.suite_codegen import suite_to_pytest
from pyregex.suite_format import SuiteError

Suite = dict[str, Any]

needs_subprocess = pytest.mark.skipif(
    sys.platform == "emscripten", reason="Pyodide cannot start subprocesses"
)

DATE = r"(?P<year>\d{4})-(?P<month>\d\d)(-(\d\d))?"
TRICKY_TEXTS = ["line\r\nnext", "lone\rcr", "nul\x00here", "astral 😀 2025-10", "lone \ud800", ""]
NAMES = ["with spaces", 'it\'s "quoted"', "ünïcödé 😀", "back\\slash", "", "tab\tand\nnewline"]


def case(text: str, expect: str = "match", **fields: Any) -> dict[str, Any]:
    return {"text": text, "expect": expect, **fields}


SUITES: list[tuple[str, Suite]] = [
    (
        "search: groups by number, name and None; failures on purpose",
        {
            "pattern": DATE,
            "op": "search",
            "tests": [
                case("on 2025-10-07", groups={"year": "2025", "2": "10", "4": "07"}),
                case("on 2025-10", groups={"month": "10", "3": None, "4": None}),
                case("on 2025-10", groups={"3": "-01"}),  # fails: group 3 did not take part
                case("on 2025-10", groups={"year": "2024"}),  # fails
                case("on 2025-10", groups={"nope": "x"}),  # fails: no such group
                case("on 2025-10", groups={"9": "x"}),  # fails: no such group number
                case("on 2025-10", groups={"01": "2025"}),  # fails: "01" names no group
                case("none", "no match"),
                case("none", "match"),  # fails
                case("2025-10", "no match"),  # fails
            ],
        },
    ),
    (
        "match and fullmatch",
        {
            "pattern": r"(\w+)(!)?",
            "op": "match",
            "tests": [case("hi! there", groups={"1": "hi", "2": "!"}), case(" hi", "no match")],
        },
    ),
    (
        "fullmatch, flags",
        {
            "pattern": "hello",
            "op": "fullmatch",
            "flags": "i",
            "tests": [case("HeLLo"), case("hello there", "no match"), case("hello there")],
        },
    ),
    (
        "finditer over tricky texts, names as ids",
        {
            "pattern": r"(?s).",
            "op": "finditer",
            "tests": [
                case(text, "match" if text else "no match", name=name, groups={"0": text[:1]})
                if text
                else case(text, "no match", name=name)
                for text, name in zip(TRICKY_TEXTS, NAMES, strict=True)
            ],
        },
    ),
    (
        "findall: tuples as lists, outputs that pass and fail",
        {
            "pattern": r"(\w)=(\d)?",
            "op": "findall",
            "flags": "m",
            "tests": [
                case("a=1 b=", output=[["a", "1"], ["b", ""]]),
                case("a=1 b=2", output=[["b", "2"], ["a", "1"]]),  # fails: in order
                case("a=1", output=["a", "1"]),  # fails
                case("none", "no match", output=[]),
                case("x=9", groups={"1": "x"}),
            ],
        },
    ),
    (
        "findall with one group and none",
        {
            "pattern": r"\d",
            "op": "findall",
            "tests": [case("a1b2", output=["1", "2"]), case("a1b2", output=["1"])],
        },
    ),
    (
        "sub with count and a template",
        {
            "pattern": DATE,
            "op": "sub",
            "replacement": r"\g<month>/\g<year> \\ 'q' \"d\".",
            "count": 1,
            "tests": [
                case("2025-10 2024-11", output="10/2025 \\ 'q' \"d\". 2024-11"),
                case("2025-10 2024-11", output="10/2025 2024-11"),  # fails
                case("none", "no match", output="none"),
                case("\ud800 2025-10", output="\ud800 10/2025 \\ 'q' \"d\"."),
                case('"\'"', "no match", output='"\'"', name="more \" than '"),
            ],
        },
    ),
    (
        "subn",
        {
            "pattern": "a",
            "op": "subn",
            "replacement": "o",
            "tests": [
                case("banana", output=["bonono", 3]),
                case("banana", output=["bonono", "3"]),  # fails: the count is a number
                case("xyz", "no match", output=["xyz", 0]),
            ],
        },
    ),
    (
        "split with maxsplit: None for a group that did not take part",
        {
            "pattern": r"(,)|(;)",
            "op": "split",
            "maxsplit": 2,
            "tests": [
                case("a,b;c,d", output=["a", ",", None, "b", None, ";", "c,d"]),
                case("a,b;c,d", output=["a", "b", "c", "d"]),  # fails
                case("abc", "no match", output=["abc"]),
            ],
        },
    ),
    (
        "a verbose pattern over several lines, with quotes",
        {
            "pattern": "(?x)\n  (\\d+)  # digits '''\n  -  # a \"dash\"\n",
            "op": "search",
            "tests": [case("12-", groups={"1": "12"}), case("12", "no match")],
        },
    ),
    (
        "a long expectation laid out over lines",
        {
            "pattern": r"(\w+) (\w+) (\w+) (\w+)",
            "op": "findall",
            "tests": [
                case(
                    "alpha beta gamma delta epsilon zeta eta theta",
                    groups={"1": "alpha", "2": "beta", "3": "gamma", "4": "delta"},
                    output=[
                        ["alpha", "beta", "gamma", "delta"],
                        ["epsilon", "zeta", "eta", "theta"],
                    ],
                    name="a rather long name for a case, so that the line is long " * 2,
                )
            ],
        },
    ),
    ("no cases", {"pattern": "a", "op": "search", "tests": []}),
]
SUITE_IDS = [label for label, _ in SUITES]


def verdicts(suite: Suite) -> list[bool]:
    result = run_suite(suite)
    assert result["error"] is None
    return [case_result["ok"] for case_result in result["cases"]]


def load(code: str, name: str) -> Any:
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(code, f"<{name}>", "exec"), module.__dict__)
    return module


@pytest.mark.parametrize("suite", [suite for _, suite in SUITES], ids=SUITE_IDS)
def test_each_case_of_the_file_passes_exactly_when_run_suite_passes_it(suite: Suite) -> None:
    module = load(suite_to_pytest(suite), "exported")
    outcomes = []
    for param in module.CASES:
        try:
            module.test_pattern(*param.values)
        except AssertionError:
            outcomes.append(False)
        else:
            outcomes.append(True)
    assert outcomes == verdicts(suite)


@pytest.mark.parametrize("suite", [suite for _, suite in SUITES], ids=SUITE_IDS)
def test_the_file_holds_each_text_exactly_and_needs_no_pyregex(suite: Suite) -> None:
    code = suite_to_pytest(suite)
    tree = ast.parse(code)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported == {"re", "pytest"}
    assert not any(isinstance(node, ast.ImportFrom) for node in ast.walk(tree))
    module = load(code, "exported")
    assert [param.values[0] for param in module.CASES] == [c["text"] for c in suite["tests"]]
    names = [c.get("name") for c in suite["tests"]]
    ids = [param.id for param in module.CASES]
    assert [i for i, name in zip(ids, names, strict=True) if name is not None] == [
        name for name in names if name is not None
    ]
    assert module.PATTERN.pattern == suite["pattern"]


def test_cases_without_a_name_get_an_id_from_their_text() -> None:
    suite = {
        "pattern": "a",
        "op": "search",
        "tests": [case(""), case("short"), case("x" * 100)],
    }
    module = load(suite_to_pytest(suite), "exported")
    assert [param.id for param in module.CASES] == ["(empty text)", "short", "x" * 37 + "..."]


def test_a_malformed_suite_is_refused() -> None:
    with pytest.raises(SuiteError, match="test case 1: 'expect' must be"):
        suite_to_pytest({"pattern": "a", "op": "search", "tests": [{"text": "", "expect": 1}]})


@needs_subprocess
def test_pytest_itself_agrees_with_run_suite_case_by_case(tmp_path: Path) -> None:
    expected: dict[str, list[bool]] = {}
    for number, (_, suite) in enumerate(SUITES):
        module = f"test_exported_{number}"
        (tmp_path / f"{module}.py").write_text(suite_to_pytest(suite), encoding="utf-8")
        expected[module] = verdicts(suite)
    report = tmp_path / "report.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    outcomes: dict[str, list[bool]] = {module: [] for module in expected}
    for testcase in ElementTree.parse(report).iter("testcase"):
        module = testcase.get("classname", "").rpartition(".")[2] or testcase.get("classname", "")
        failed = testcase.find("failure") is not None or testcase.find("error") is not None
        if testcase.find("skipped") is None:  # a suite with no cases: pytest skips its test
            outcomes[module].append(not failed)
    assert outcomes == expected


def ruff() -> list[str] | None:
    try:
        import ruff as ruff_package  # noqa: F401, PLC0415  (only to know it is installed)
    except ImportError:
        return None
    return [sys.executable, "-m", "ruff"]


@needs_subprocess
def test_the_files_are_clean_for_ruff_check_and_ruff_format(tmp_path: Path) -> None:
    command = ruff()
    if command is None:
        pytest.skip("ruff is not installed")
    for number, (_, suite) in enumerate(SUITES):
        (tmp_path / f"test_exported_{number}.py").write_text(
            suite_to_pytest(suite), encoding="utf-8"
        )
    lint = subprocess.run(
        [*command, "check", "--isolated", "--select", "E,F,W,I,B,UP,SIM", "--ignore", "E501", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    layout = subprocess.run(
        [*command, "format", "--isolated", "--check", "--diff", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert layout.returncode == 0, layout.stdout
