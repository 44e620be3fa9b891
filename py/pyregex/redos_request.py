"""A ReDoS request (contract.RedosRequest) checked and answered: what `--redos` and the page send.

Kept apart from redos.py so the analysis takes plain Python values and this is the only place that
knows the JSON keys. A malformed request is a RequestError (the caller's mistake, as for evaluate's
requests); a pattern that does not compile is a normal "unknown" result.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyregex.contract import Op, RedosResult
from pyregex.redos import MAX_SECONDS, MAX_STEPS, redos
from pyregex.request import (
    RequestError,
    flag_bits,
    json_type,
    reject_unknown_keys,
    require_int,
    require_keys,
    require_op,
    require_str,
)

KEYS = ("pattern", "flags", "op", "maxSteps", "maxMs")


@dataclass(frozen=True, slots=True)
class RedosRequest:
    pattern: str
    flags: int
    op: Op
    max_steps: int
    max_seconds: float


def parse_redos_request(raw: object) -> RedosRequest:
    """The checked request, or RequestError naming the first problem found."""
    if not isinstance(raw, dict):
        raise RequestError(f"a ReDoS request must be a JSON object, not {json_type(raw)}")
    reject_unknown_keys(raw, KEYS, "a ReDoS request")
    require_keys(raw, ("pattern",), "a ReDoS request")
    max_steps = require_int(raw, "maxSteps", MAX_STEPS)
    if max_steps < 1:
        raise RequestError(f"'maxSteps' must be at least 1, not {max_steps}")
    max_ms = raw.get("maxMs", MAX_SECONDS * 1000)
    if isinstance(max_ms, bool) or not isinstance(max_ms, int | float) or not max_ms > 0:
        raise RequestError(f"'maxMs' must be a positive number, not {max_ms!r:.40}")
    return RedosRequest(
        pattern=require_str(raw, "pattern", ""),
        flags=flag_bits(require_str(raw, "flags", "")),
        op=require_op(raw.get("op", "search")),
        max_steps=max_steps,
        max_seconds=float(max_ms) / 1000,
    )


def answer(request: RedosRequest) -> RedosResult:
    return redos(
        request.pattern,
        request.flags,
        request.op,
        max_steps=request.max_steps,
        max_seconds=request.max_seconds,
    )
