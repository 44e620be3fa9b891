"""Writes tests/fixtures/explain_trees.json: the core's explain() answer for every construct.

The page's diagram tests (web/src/lib/diagram/*.test.ts) build their models from these answers, so
they draw exactly the trees the core's own tests check: the patterns are test_explain.py's
CONSTRUCTS (one per construct `re` has) and a few whole patterns. tests/test_explain.py proves the
file equal to what explain() answers now, so a change to the core cannot
leave it stale. After changing what explain() says, rerun
`PYTHONPATH=py:tests .venv/bin/python scripts/generate-explain-trees.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyregex.explain import explain
from test_explain import CONSTRUCTS

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "explain_trees.json"

# Whole patterns, beside the single constructs: nesting, wrapping and every kind together.
WHOLE_PATTERNS: list[tuple[str, str]] = [
    (r"(?P<year>\d{4})-(?:a|b)+?", ""),
    (r"^(?P<user>[\w.+-]+)@(?=[a-z])(?P<host>[\w-]+(?:\.[\w-]+)+)$", ""),
    (r"(?i)(?>a++|b{2,5}?)(?<!x)(?P<q>['\"])(?:\\.|(?!(?P=q)).)*(?P=q)", ""),
    ("(a)?(?(1)b)c # comment\n", "x"),
    ("", ""),
]


def main() -> None:
    cases: list[tuple[str, str, str | None]] = [(p, f, kind) for p, f, kind, *_ in CONSTRUCTS]
    cases += [(p, f, None) for p, f in WHOLE_PATTERNS]
    entries: list[dict[str, Any]] = []
    for pattern, flags, kind in cases:
        answer = explain(pattern, flags)
        if not answer["ok"] or answer["note"] is not None:
            raise SystemExit(f"explain({pattern!r}) gave no full tree: {answer}")
        entries.append({"pattern": pattern, "flags": flags, "kind": kind, "answer": answer})
    FIXTURE.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{FIXTURE.relative_to(ROOT)}: {len(entries)} answers")


if __name__ == "__main__":
    main()
