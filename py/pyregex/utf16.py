"""Code-point offsets (what `re` reports) to UTF-16 code-unit offsets (what the browser uses).

A str offset counts code points; JavaScript strings count UTF-16 code units, so every character
above U+FFFF (emoji, many CJK extensions) is one unit in Python and two in the browser. The page
must never see a code-point offset it would misread, so every span crossing to the UI is converted
here.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Converts code-point offsets in one text to UTF-16 offsets, in O(log n) per lookup.

    Only the positions of astral characters are stored, so a text without any (the common case)
    costs nothing beyond one scan.
    """

    __slots__ = ("_astral",)

    def __init__(self, text: str) -> None:
        # Fast path: a text whose UTF-16 length equals its length has no astral characters.
        if text.isascii():
            self._astral: list[int] = []
            return
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    @property
    def has_astral(self) -> bool:
        """True when some offsets differ between code points and UTF-16 units."""
        return bool(self._astral)

    def __call__(self, offset: int) -> int:
        """The UTF-16 offset of code-point offset `offset` (0 <= offset <= len(text))."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def span(self, start: int, end: int) -> list[int]:
        return [self(start), self(end)]


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units (lone surrogates count as one unit, as in JS)."""
    return len(text) if text.isascii() else len(text) + len(_ASTRAL.findall(text))
