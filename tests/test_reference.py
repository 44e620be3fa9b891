"""Checks the Reference panel's data against the Python that runs the test.

The quick reference (web/src/lib/reference/reference.json) says, for every construct of `re`, the
first version that accepts it and an example of what it does. Typed from memory, such a table
drifts from the truth; here every example is compiled and run on the running Python (natively and
inside each Pyodide runtime), so each `since`/`until` is proven on the versions we ship, and every
kind of construct pyregex's explanation knows must be taught by at least one entry.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any, get_args

import pytest

from pyregex.explain import explain
from pyregex.pattern_tree import NodeKind

REFERENCE = Path(__file__).parents[1] / "web" / "src" / "lib" / "reference" / "reference.json"
DATA: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
ENTRIES: list[tuple[dict[str, Any], dict[str, Any]]] = [
    (group, entry) for group in DATA["groups"] for entry in group["entries"]
]
RUNNING = sys.version_info[:2]
UNTAUGHT_KINDS = {"pattern", "sequence"}  # the tree's frame, not constructs one writes


def version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def accepted_here(entry: dict[str, Any]) -> bool:
    """What the entry claims for the running Python: since <= running < until."""
    until = entry.get("until")
    return version(entry["since"]) <= RUNNING and (until is None or version(until) > RUNNING)


def run_example(target: str, example: dict[str, Any]) -> str | None:
    """What the example yields here: the match's text (None: no match) or sub's output."""
    if example.get("bytes", False):
        return run_bytes_example(target, example)
    compiled: re.Pattern[str] = re.compile(example["pattern"])
    if target == "replacement":
        return compiled.sub(example["replacement"], example["text"])
    found = compiled.search(example["text"])
    return None if found is None else found.group()


def run_bytes_example(target: str, example: dict[str, Any]) -> str | None:
    """The same for a bytes pattern, its texts written in latin-1."""
    compiled: re.Pattern[bytes] = re.compile(example["pattern"].encode("latin-1"))
    text = example["text"].encode("latin-1")
    if target == "replacement":
        return compiled.sub(example["replacement"].encode("latin-1"), text).decode("latin-1")
    found = compiled.search(text)
    return None if found is None else found.group().decode("latin-1")


def expected_result(target: str, example: dict[str, Any]) -> str | None:
    result: str | None = example["output"] if target == "replacement" else example["match"]
    return result


def fresh_run(
    target: str, example: dict[str, Any]
) -> tuple[str | None, list[str], Exception | None]:
    """Runs the example with re's caches empty (a cached pattern warns only once)."""
    re.purge()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, error = run_example(target, example), None
        except re.error as exc:
            result, error = None, exc
    return result, [warning.category.__name__ for warning in caught], error


def entry_id(pair: tuple[dict[str, Any], dict[str, Any]]) -> str:
    return str(pair[1]["id"])


def tree_kinds(pattern: str) -> list[str]:
    result = explain(pattern)
    assert result["ok"], result
    assert result["note"] is None, "the explanation fell back to a flat tree"
    kinds: list[str] = []
    pending = [result["tree"]]
    while pending:
        node = pending.pop()
        kinds.append(node["kind"] + (f":{node['mode']}" if node["kind"] == "repeat" else ""))
        pending.extend(node["children"])
    return kinds


@pytest.mark.parametrize(("group", "entry"), ENTRIES, ids=[entry_id(pair) for pair in ENTRIES])
def test_example_accepted_exactly_from_since(group: dict[str, Any], entry: dict[str, Any]) -> None:
    example = entry["example"]
    result, warned, error = fresh_run(group["target"], example)
    if not accepted_here(entry):
        assert error is not None, f"{entry['syntax']} is accepted by {RUNNING}: check since/until"
        return
    assert error is None, f"{entry['syntax']} is rejected by {RUNNING}: {error}"
    assert result == expected_result(group["target"], example)
    expected_warning = entry.get("warning")
    assert warned == ([expected_warning["category"]] if expected_warning else [])


CHANGES = [pair for pair in ENTRIES if "changed" in pair[1]]


@pytest.mark.parametrize(("group", "entry"), CHANGES, ids=[entry_id(pair) for pair in CHANGES])
def test_behaviour_changed_in_the_version_the_entry_names(
    group: dict[str, Any], entry: dict[str, Any]
) -> None:
    """`changed`: in `text`, `pattern` finds `match` from version `in` on, `before` earlier."""
    changed = entry["changed"]
    example = {"pattern": changed["pattern"], "text": changed["text"]}
    result, _, error = fresh_run(group["target"], example)
    assert error is None
    assert result == (changed["match"] if version(changed["in"]) <= RUNNING else changed["before"])


@pytest.mark.parametrize(("group", "entry"), ENTRIES, ids=[entry_id(pair) for pair in ENTRIES])
def test_rejected_forms_are_rejected(group: dict[str, Any], entry: dict[str, Any]) -> None:
    if not accepted_here(entry):
        pytest.skip("the entry itself is rejected by this Python")
    for rejected in entry.get("rejects", []):
        example = {
            "pattern": rejected["pattern"],
            "text": "",
            "replacement": rejected.get("replacement", ""),
            "bytes": rejected.get("bytes", False),
        }
        target = "replacement" if "replacement" in rejected else "pattern"
        _, _, error = fresh_run(target, example)
        assert error is not None, f"{rejected} is accepted, yet {rejected['why']}"


@pytest.mark.parametrize(("group", "entry"), ENTRIES, ids=[entry_id(pair) for pair in ENTRIES])
def test_the_example_holds_the_kind_it_teaches(
    group: dict[str, Any], entry: dict[str, Any]
) -> None:
    example = entry["example"]
    if group["target"] != "pattern":
        assert "kind" not in entry, "replacement syntax has no kind in the pattern tree"
        return
    assert entry["kind"] in get_args(NodeKind)
    if not accepted_here(entry) or example.get("bytes"):
        pytest.skip("no explanation here: rejected by this Python, or a bytes pattern")
    kinds = tree_kinds(example["pattern"])
    assert entry["kind"] in {kind.split(":")[0] for kind in kinds}


def test_every_kind_of_construct_is_taught() -> None:
    taught = {entry["kind"] for group, entry in ENTRIES if accepted_here(entry) and "kind" in entry}
    assert set(get_args(NodeKind)) - UNTAUGHT_KINDS - taught == set()


@pytest.mark.parametrize(("group", "entry"), ENTRIES, ids=[entry_id(pair) for pair in ENTRIES])
def test_new_in_badge_follows_the_rule(group: dict[str, Any], entry: dict[str, Any]) -> None:
    """newIn == since when since is newer than the oldest version we run; at the oldest, only
    the constructs the docs mark as changed in 3.11 (atomic groups, possessive quantifiers)."""
    new_in = entry.get("newIn")
    if version(entry["since"]) > version(DATA["oldest"]):
        assert new_in == entry["since"]
    elif new_in is not None:
        assert new_in == DATA["oldest"] == "3.11"
        kinds = tree_kinds(entry["example"]["pattern"])
        assert "atomic" in kinds or "repeat:possessive" in kinds


def test_every_atomic_and_possessive_entry_is_new_in_3_11() -> None:
    """The other half of the rule: no entry teaching an atomic group or a possessive quantifier
    (every repeat of its example possessive) lacks the badge."""
    for _, entry in ENTRIES:
        if entry.get("kind") not in {"atomic", "repeat"} or not accepted_here(entry):
            continue
        repeats = [
            kind for kind in tree_kinds(entry["example"]["pattern"]) if kind.startswith("repeat")
        ]
        teaches_new = entry["kind"] == "atomic" or set(repeats) == {"repeat:possessive"}
        assert (entry.get("newIn") == "3.11") == teaches_new, entry["id"]


def test_entries_have_unique_ids_and_versions_in_range() -> None:
    ids = [entry["id"] for _, entry in ENTRIES]
    assert len(ids) == len(set(ids))
    for _, entry in ENTRIES:
        assert version(entry["since"]) >= version(DATA["oldest"])
        if "until" in entry:
            assert version(entry["until"]) > version(entry["since"])
