"""Matches packed into one block of 32-bit integers, for the browser's big results.

A result with 100 000 matches as JSON objects (a dict per match and per group, each with its value)
costs more than the search itself, twice: building the dicts here and parsing them on the page.
The page only needs the offsets: it has the text, so every value is a slice of it. This module
packs the offsets of every match and group into one little-endian int32 block that crosses the
worker boundary as a single transferable buffer, and describes its layout (`PackedMatches`).

Layout, in this order (each span is a [start, end) pair; -1, -1 for a group that did not take
part, exactly as Match.regs reports it):
- code-point spans: `count` matches x `groupSlots` groups (0 = the whole match) x 2;
- UTF-16 spans in the same layout, only when `spans16` is true (the text has a character above
  U+FFFF; otherwise the code-point spans are the UTF-16 spans too);
- sub and subn only, when `outputSpans16` is true: `count` x 2, where each match's replacement
  stands in the output string, in UTF-16 units.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import TypeAlias

from pyregex.contract import PackedMatches
from pyregex.utf16 import Utf16Offsets, utf16_len

# The layout and the bytes it describes.
Packed: TypeAlias = tuple[PackedMatches, bytes]

# 'i' is a C int: 32 bits on every platform CPython and Pyodide run on; checked once here.
_INT32 = "i" if array("i").itemsize == 4 else "l"


def pack_matches(
    found: Sequence[re.Match[str]],
    text: str,
    group_slots: int,
    replacement: str | None,
) -> Packed:
    """Pack `found` (matches in `text`, each with `group_slots` groups counting group 0).

    `replacement` is sub/subn's template (its output positions are packed too), else None.
    """
    # A comprehension, not chained generators: about a fifth faster for thousands of matches.
    spans = array(_INT32, [offset for m in found for span in m.regs for offset in span])
    to16 = Utf16Offsets(text)
    spans16 = _to_utf16(spans, to16) if to16.has_astral else None
    output = output_spans16(found, to16, replacement) if replacement is not None else None
    blocks = [block for block in (spans, spans16, output) if block is not None]
    if sys.byteorder != "little":
        for block in blocks:
            block.byteswap()
    layout: PackedMatches = {
        "count": len(found),
        "groupSlots": group_slots,
        "spans16": spans16 is not None,
        "outputSpans16": output is not None,
    }
    return layout, b"".join(block.tobytes() for block in blocks)


def _to_utf16(spans: array[int], to16: Utf16Offsets) -> array[int]:
    return array(_INT32, [offset if offset < 0 else to16(offset) for offset in spans])


def output_spans16(
    found: Sequence[re.Match[str]], to16: Utf16Offsets, replacement: str
) -> array[int]:
    """Where each match's replacement stands in sub's output, in UTF-16 units."""
    expand = _expander(replacement)
    return replacement_spans16([m.span() for m in found], [expand(m) for m in found], to16)


def replacement_spans16(
    spans: Sequence[tuple[int, int]], expansions: Sequence[str], to16: Utf16Offsets
) -> array[int]:
    """Where each replacement (`expansions[i]` for the match at `spans[i]`) stands in sub's
    output, in UTF-16 units; trace.py gives its interpreter's matches here too.

    The output is the text with each match replaced, so the position moves by the unmatched text
    between matches plus each expanded replacement.
    """
    out = array(_INT32, bytes(8 * len(spans)))
    out16 = 0
    previous_end16 = 0
    for i, (start, end) in enumerate(spans):
        start16, end16 = to16(start), to16(end)
        out16 += start16 - previous_end16
        length16 = utf16_len(expansions[i])
        out[2 * i] = out16
        out[2 * i + 1] = out16 + length16
        out16 += length16
        previous_end16 = end16
    return out


def _expander(replacement: str) -> Callable[[re.Match[str]], str]:
    # Without a backslash CPython uses the template as a literal; expanding it would give the same.
    if "\\" not in replacement:
        return lambda _match: replacement
    return lambda match: match.expand(replacement)
