"""The known ReDoS shapes, found in the position automaton, each with a candidate attack.

Two shapes make a backtracking matcher run away on a string that finally fails (Weideman et al.,
"Analyzing Catastrophic Backtracking Behavior in Practical Regular Expression Matching", 2016):
- EDA, exponential: a state with two different paths back to itself reading the same pump. Found as
  a doubled edge inside a loop (`(a+)+`, `(a*)*`: two quantifiers give the same step) or, in the
  product of a loop with itself, a diagonal pair (q, q) in one strongly connected piece with an
  off-diagonal one (`(a|a)*`, `(\\w+\\s?)+`: two different items read the same characters).
- IDA, polynomial: loops p and q (p before q) with p->p, p->q and q->q all reading one pump, so the
  pump's repeats can be shared between them in quadratically many ways (`a*a*b`); a chain of k such
  loops gives degree k. The implicit retry of `search` at every position is one more loop in front
  (`\\s*$` searched in a run of spaces).
A loop the matcher cannot backtrack into (an atomic group or possessive repeat that may end there)
never doubles anything and can only end a chain.

Each finding becomes a Candidate: the prefix that reaches the loop, the pump, a few suffixes that
may make the whole match fail (the confirmation tries them), the culprit's source span and a fix
hint. Everything is bounded by a work budget; running out is reported as incomplete, never guessed.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyregex.redos_nfa import Automaton, SourceSpan

WORK_LIMIT = 400_000  # product/triple-product nodes visited per analysis
MAX_CHAINS = 6  # polynomial: chains of loops turned into candidates
MAX_LINKS = 4  # polynomial: links of one chain whose pumps are tried


@dataclass(frozen=True, slots=True)
class Candidate:
    """A suspected runaway with the attack that should show it."""

    kind: str  # "exponential" or "polynomial"
    loops: int  # polynomial: loops sharing the pump (the expected degree); exponential: 0
    prefix: str
    pump: str
    suffixes: tuple[str, ...]
    construct: SourceSpan | None  # the culprit, in code points
    shape: str  # what was found, for the explanation
    hint: str | None
    # Greedy repeats that may be made possessive to fix it, most promising first (redos_fix).
    fixes: tuple[SourceSpan, ...] = ()


@dataclass(slots=True)
class Findings:
    candidates: list[Candidate]
    complete: bool  # False: the work budget ran out before every loop was examined


class _Budget:
    """Product nodes left to visit, and the clock (looked at every 1024 nodes)."""

    def __init__(self, limit: int, deadline: float) -> None:
        self.left = limit
        self.deadline = deadline

    def spend(self, amount: int = 1) -> bool:
        before = self.left
        self.left -= amount
        if before >> 10 != self.left >> 10 and time.monotonic() > self.deadline:
            self.left = -1
        return self.left >= 0


def find_candidates(
    automaton: Automaton,
    pattern: str,
    work_limit: int = WORK_LIMIT,
    deadline: float = math.inf,
) -> Findings:
    """Every EDA and the longest IDA chains of `automaton` (of `pattern`), as candidate attacks;
    incomplete if `work_limit` product nodes or the time.monotonic() `deadline` run out."""
    analysis = _Analysis(automaton, pattern, _Budget(work_limit, deadline))
    candidates = [*analysis.exponential(), *analysis.polynomial()]
    return Findings(candidates, analysis.complete)


class _Analysis:
    def __init__(self, automaton: Automaton, pattern: str, budget: _Budget) -> None:
        self.a = automaton
        self.pattern = pattern
        self.budget = budget
        self.complete = True
        self.size = len(automaton.positions)
        self.succ = [list(p.follow) for p in automaton.positions]
        self.component, self.components = _strongly_connected(self.succ)
        self.loops = [
            index
            for index, members in enumerate(self.components)
            if len(members) > 1 or members[0] in automaton.positions[members[0]].follow
        ]
        self._prefixes = self._shortest_prefixes()

    # --- helpers ----------------------------------------------------------------------------

    def char(self, mask: int) -> str:
        """The preferred alphabet character in `mask` (the lowest bit)."""
        return self.a.alphabet[(mask & -mask).bit_length() - 1]

    def mask(self, state: int) -> int:
        return self.a.positions[state].mask

    def _shortest_prefixes(self) -> dict[int, str]:
        """For every reachable state, a shortest string that ends by reading it (from the
        pattern's start, not through the search loop)."""
        words: dict[int, str] = {}
        queue: deque[int] = deque()
        for state in self.a.first:
            if state != self.a.search_state:
                words[state] = self.char(self.mask(state))
                queue.append(state)
        while queue:
            state = queue.popleft()
            for nxt in self.succ[state]:
                if nxt not in words and nxt != self.a.search_state:
                    words[nxt] = words[state] + self.char(self.mask(nxt))
                    queue.append(nxt)
        if self.a.search_state is not None:
            words[self.a.search_state] = ""
        return words

    def repeat_span(self, states: set[int]) -> SourceSpan | None:
        """The source span of the innermost repeat enclosing all of `states`."""
        chains = [self.a.positions[s].repeats for s in states if s != self.a.search_state]
        if not chains:
            return None
        common = 0
        while all(len(c) > common for c in chains) and len({c[common] for c in chains}) == 1:
            common += 1
        if common == 0:
            return None
        return self.a.repeats[chains[0][common - 1]].span

    def text(self, span: SourceSpan | None) -> str:
        return self.pattern[span[0] : span[1]] if span is not None else "the loop"

    def suffixes(self, loop_states: set[int], prefix: str, pump: str) -> tuple[str, ...]:
        """Strings that may make the match fail after the pump, most promising first: the
        shortest that leaves the automaton no state at all, then single characters few items
        accept (anchors are not in the model, so those may be what fails), then nothing."""
        killer = self._dead_end(prefix + pump * 3)
        positions = [p for i, p in enumerate(self.a.positions) if i != self.a.search_state]
        loop_mask = 0
        for state in loop_states:
            if state != self.a.search_state:
                loop_mask |= self.mask(state)
        counts = [
            (sum(1 for p in positions if p.mask >> bit & 1), bit)
            for bit in range(len(self.a.alphabet))
        ]
        outside = [bit for _, bit in sorted(counts) if not loop_mask >> bit & 1]
        ranked = [bit for _, bit in sorted(counts)]
        picks: list[str] = [killer] if killer else []
        for bit in [*outside[:2], *ranked[:1]]:
            picks.append(self.a.alphabet[bit])
        picks += ["", "\n"]
        return tuple(dict.fromkeys(picks))

    @functools.cached_property
    def _classes(self) -> list[int]:
        """One alphabet bit per class of characters the automaton cannot tell apart."""
        seen: dict[tuple[int, ...], int] = {}
        for bit in range(len(self.a.alphabet)):
            signature = tuple(i for i, p in enumerate(self.a.positions) if p.mask >> bit & 1)
            seen.setdefault(signature, bit)
        return list(seen.values())

    def _step(self, states: frozenset[int] | None, bit: int) -> frozenset[int]:
        """The states after reading alphabet[bit] (from the pattern's start if None)."""
        sources = (
            [s for s in self.a.first if s != self.a.search_state]
            if states is None
            else [n for s in states for n in self.succ[s]]
        )
        return frozenset(s for s in sources if self.mask(s) >> bit & 1)

    def _dead_end(self, text: str, depth: int = 3, limit: int = 2000) -> str | None:
        """A shortest string that, read after `text`, leaves no state (the match cannot go on)."""
        index = {ch: i for i, ch in enumerate(self.a.alphabet)}
        states: frozenset[int] | None = None
        for ch in text:
            states = self._step(states, index[ch])
        if not states:
            return None
        classes = self._classes
        frontier: list[tuple[frozenset[int], str]] = [(states, "")]
        seen = {states}
        for _ in range(depth):
            following: list[tuple[frozenset[int], str]] = []
            for current, word in frontier:
                for bit in classes:
                    nxt = self._step(current, bit)
                    if not nxt:
                        return word + self.a.alphabet[bit]
                    if nxt not in seen and len(seen) < limit:
                        seen.add(nxt)
                        following.append((nxt, word + self.a.alphabet[bit]))
            frontier = following
        return None

    # --- exponential ------------------------------------------------------------------------

    def exponential(self) -> Iterator[Candidate]:
        seen: set[SourceSpan | None] = set()
        for index in self.loops:
            members = set(self.components[index])
            found = self._doubled_edge(members) or self._ambiguous_product(members)
            if found is None:
                continue
            cycle_states, chars, sources_span, shape = found
            start = self._uncommitted_start(cycle_states, chars)
            if start is None:
                continue  # every state may close an atomic group: nothing to backtrack into
            state, pump = start
            span = sources_span or self.repeat_span(set(cycle_states))
            if span in seen:
                continue
            seen.add(span)
            culprit = self.text(span)
            prefix = _without_trailing(self._prefixes.get(state, ""), pump)
            yield Candidate(
                kind="exponential",
                loops=0,
                prefix=prefix,
                pump=pump,
                suffixes=self.suffixes(members, prefix, pump),
                construct=span,
                shape=shape.format(culprit=culprit, pump=pump),
                hint=(
                    f"make the inner repetition possessive (e.g. `a++` for `a+`) or wrap it in an "
                    f"atomic group `(?>…)` so {culprit} cannot re-split the same text"
                    if "nested" in shape
                    else f"make the alternatives inside {culprit} exclusive, or wrap them in an "
                    f"atomic group `(?>…)`"
                ),
                fixes=self.greedy_repeats(cycle_states),
            )

    def greedy_repeats(self, states: Iterable[int]) -> tuple[SourceSpan, ...]:
        """The spans of the greedy repeats enclosing `states`, innermost first."""
        nodes: dict[int, int] = {}
        for state in states:
            if state == self.a.search_state:
                continue
            for depth, node in enumerate(self.a.positions[state].repeats):
                nodes[node] = depth
        spans = [
            self.a.repeats[node].span
            for node in sorted(nodes, key=lambda n: -nodes[n])
            if self.a.repeats[node].kind == "MAX_REPEAT"
        ]
        return tuple(dict.fromkeys(span for span in spans if span is not None))

    def _uncommitted_start(self, cycle: list[int], chars: list[str]) -> tuple[int, str] | None:
        """A state of the cycle (cycle[0] == cycle[-1], chars[i] read entering cycle[i + 1]) that
        is not committed, with the pump read from it."""
        for offset, state in enumerate(cycle[:-1]):
            if not self.a.positions[state].committed:
                return state, "".join(chars[offset:] + chars[:offset])
        return None

    def _doubled_edge(
        self, members: set[int]
    ) -> tuple[list[int], list[str], SourceSpan | None, str] | None:
        for u in sorted(members):
            position = self.a.positions[u]
            for v, ways in position.follow.items():
                if ways < 2 or v not in members:
                    continue
                path = self._path(v, u, members)
                if path is None:
                    continue
                cycle = [*path, v]
                sources = {s for s in position.sources.get(v, []) if s is not None}
                span = self._join_repeats(sources)
                chars = [self.char(self.mask(s)) for s in cycle[1:]]
                return cycle, chars, span, "nested quantifiers: {culprit} can split '{pump}'…"
        return None

    def _join_repeats(self, nodes: set[int]) -> SourceSpan | None:
        """The innermost repeat enclosing (or being) every node in `nodes`."""
        if not nodes:
            return None
        chains = [(*self.a.repeats[n].ancestors, n) for n in nodes]
        common = 0
        while all(len(c) > common for c in chains) and len({c[common] for c in chains}) == 1:
            common += 1
        return self.a.repeats[chains[0][common - 1]].span if common else None

    def _path(self, source: int, target: int, within: set[int]) -> list[int] | None:
        """A shortest path source -> target inside `within` (just [source] if they are equal)."""
        parents: dict[int, int] = {source: source}
        queue = deque([source])
        while queue:
            state = queue.popleft()
            if state == target:
                path = [state]
                while path[-1] != source:
                    path.append(parents[path[-1]])
                return path[::-1]
            for nxt in self.succ[state]:
                if nxt in within and nxt not in parents:
                    parents[nxt] = state
                    queue.append(nxt)
        return None

    def _ambiguous_product(
        self, members: set[int]
    ) -> tuple[list[int], list[str], SourceSpan | None, str] | None:
        """Two different paths from some q back to q reading the same string (inside one loop).

        In the product of the loop with itself, such paths leave the diagonal at some (q, q),
        walk off it, and come back to it at some (d, d); from there one path of the loop leads
        back to q (every state of a loop reaches every other). So a breadth-first search over
        off-diagonal pairs, from the diagonal back to it, finds the shortest divergence."""
        parents: dict[tuple[int, int], tuple[tuple[int, int], int]] = {}
        queue: deque[tuple[int, int]] = deque()
        for q in sorted(members):
            if self.a.positions[q].committed:
                continue
            self._diverge((q, q), members, parents, queue)
        while queue:
            pair = queue.popleft()
            x, y = pair
            if not self.budget.spend(1 + len(self.succ[x]) * len(self.succ[y]) // 16):
                self.complete = False
                return None
            for nx in self.succ[x]:
                if nx not in members:
                    continue
                for ny in self.succ[y]:
                    common = self.mask(nx) & self.mask(ny)
                    if not common or ny not in members:
                        continue
                    if nx == ny:
                        return self._divergence_cycle(pair, nx, common, parents, members)
                    if (nx, ny) not in parents:
                        parents[(nx, ny)] = (pair, common)
                        queue.append((nx, ny))
        return None

    def _diverge(
        self,
        start: tuple[int, int],
        members: set[int],
        parents: dict[tuple[int, int], tuple[tuple[int, int], int]],
        queue: deque[tuple[int, int]],
    ) -> None:
        q = start[0]
        for nx in self.succ[q]:
            for ny in self.succ[q]:
                if nx == ny or nx not in members or ny not in members:
                    continue
                common = self.mask(nx) & self.mask(ny)
                if common and (nx, ny) not in parents:
                    parents[(nx, ny)] = (start, common)
                    queue.append((nx, ny))

    def _divergence_cycle(
        self,
        last: tuple[int, int],
        meeting: int,
        mask: int,
        parents: dict[tuple[int, int], tuple[tuple[int, int], int]],
        members: set[int],
    ) -> tuple[list[int], list[str], SourceSpan | None, str] | None:
        pairs = [(meeting, meeting), last]
        masks = [mask]
        while pairs[-1][0] != pairs[-1][1]:
            previous, step_mask = parents[pairs[-1]]
            pairs.append(previous)
            masks.append(step_mask)
        pairs.reverse()
        masks.reverse()
        q = pairs[0][0]
        back = self._path(meeting, q, members)
        if back is None:
            return None
        cycle = [pair[0] for pair in pairs] + back[1:]
        chars = [self.char(m) for m in masks] + [self.char(self.mask(s)) for s in back[1:]]
        both = {p[0] for p in pairs} | {p[1] for p in pairs} | set(back)
        span = self.repeat_span(both)
        shape = "overlapping alternatives in {culprit}: '{pump}' matches in two ways"
        # q (uncommitted) comes first, so the attack starts where both paths do.
        return cycle, chars, span, shape

    # --- polynomial -------------------------------------------------------------------------

    def polynomial(self) -> Iterator[Candidate]:
        """The longest chains of loops that can share one pump (IDA), one candidate per chain."""
        edges: dict[int, list[tuple[int, tuple[int, str]]]] = {}
        order = sorted(self.loops, key=lambda c: -c)  # Tarjan numbers sinks first: reverse it
        for a in order:
            for b in order:
                if a == b or not self._reach[a] >> b & 1:
                    continue
                if not self.budget.spend(1 + self.size // 64):
                    self.complete = False
                    break
                pump = self._shared_pump(a, b)
                if pump is not None:
                    edges.setdefault(a, []).append((b, pump))
        if not edges:
            return
        Chain = tuple[int, list[int], tuple[int, str]]
        longest: dict[int, Chain] = {}

        def chain(loop: int) -> Chain:
            if loop in longest:
                return longest[loop]
            best: Chain = (1, [loop], (-1, ""))
            for nxt, pump in edges.get(loop, []):
                length, path, _ = chain(nxt)
                if length + 1 > best[0]:
                    best = (length + 1, [loop, *path], pump)
            longest[loop] = best
            return best

        starts = sorted(edges, key=lambda loop: -chain(loop)[0])
        emitted: set[tuple[int, ...]] = set()
        for start in starts[:MAX_CHAINS]:
            length, path, pump = chain(start)
            if length < 2 or tuple(path) in emitted:
                continue
            if any(tuple(path) == tuple(done[-len(path) :]) for done in emitted):
                continue  # a tail of a chain already emitted
            emitted.add(tuple(path))
            yield from self._chain_candidates(path, edges)

    def _chain_candidates(
        self, path: list[int], edges: dict[int, list[tuple[int, tuple[int, str]]]]
    ) -> Iterator[Candidate]:
        """Attacks for a chain of loops: the pump of each link, from the loop it starts at (the
        links may share different pumps; the step counts tell which one reaches the degree)."""
        spans = [
            self.repeat_span(set(self.components[c]))
            for c in path
            if self.a.search_state not in self.components[c]
        ]
        known = [s for s in spans if s is not None]
        span = (min(s[0] for s in known), max(s[1] for s in known)) if known else None
        searching = self.a.search_state in self.components[path[0]]
        loops_text = ", ".join(f"`{self.text(s)}`" for s in spans)
        if searching and len(path) == 2:
            hint = (
                f"search retries `{self.text(spans[0])}` at every position of the pump: anchor the "
                "pattern, or make sure what precedes it cannot match the pump (e.g. a lookbehind)"
            )
        else:
            hint = (
                "make the first of the overlapping repetitions possessive (e.g. `\\s*+`) or "
                "atomic, or separate them with something the pump cannot contain"
            )
        states = set().union(*(set(self.components[c]) for c in path))
        pumps_seen: set[tuple[str, str]] = set()
        for offset, (loop, nxt) in enumerate(itertools.pairwise(path[: MAX_LINKS + 1])):
            entry, pump = next(link for target, link in edges[loop] if target == nxt)
            prefixes = [_without_trailing(self._prefixes.get(entry, ""), pump)]
            if entry == self.a.search_state:
                # A start that cannot match, so that search's retries all run over the pump.
                prefixes += [s for s in self.suffixes(states, "", pump) if len(s) == 1][:1]
            for prefix in prefixes:
                if (prefix, pump) in pumps_seen:
                    continue
                pumps_seen.add((prefix, pump))
                shape = (
                    f"{len(path) - offset} loops can share the pump '{pump}': "
                    + (
                        "search's retry at every position, then "
                        if searching and offset == 0
                        else ""
                    )
                    + loops_text
                )
                yield Candidate(
                    kind="polynomial",
                    loops=len(path) - offset,
                    prefix=prefix,
                    pump=pump,
                    suffixes=self.suffixes(states, prefix, pump),
                    construct=span,
                    shape=shape,
                    hint=hint,
                    # Under search's retry a possessive loop still rescans the run at every
                    # start (one step each, quadratic time): no rewrite is offered as a fix.
                    fixes=() if searching and offset == 0 else self._chain_fixes(path[offset:]),
                )

    def _chain_fixes(self, path: list[int]) -> tuple[SourceSpan, ...]:
        """The innermost greedy repeat of each loop of the chain but the last, in chain order."""
        spans: list[SourceSpan] = []
        for loop in path[:-1]:
            inner = self.greedy_repeats(self.components[loop])
            if inner:
                spans.append(inner[0])
        return tuple(dict.fromkeys(spans))

    @functools.cached_property
    def _reach(self) -> list[int]:
        """Per component, the bit set of the components reachable from it (itself excluded
        unless it is a loop), computed once over the condensation (Tarjan lists sinks first)."""
        reach = [0] * len(self.components)
        for index, members in enumerate(self.components):
            bits = 0
            for state in members:
                for nxt in self.succ[state]:
                    other = self.component[nxt]
                    if other != index:
                        bits |= reach[other] | 1 << other
            reach[index] = bits
        return reach

    def _shared_pump(self, a: int, b: int) -> tuple[int, str] | None:
        """A string w with p->p, p->q and q->q on w for some p in loop a and q in loop b."""
        loop_a = set(self.components[a])
        loop_b = set(self.components[b])
        if all(self.a.positions[p].committed for p in loop_a):
            return None  # the first loop would never give anything back
        between = self._between(loop_a, loop_b)
        for p in sorted(loop_a):
            if self.a.positions[p].committed:
                continue
            for q in sorted(loop_b):
                found = self._triple_search(p, q, loop_a, between, loop_b)
                if found is not None:
                    return p, found
                if not self.complete:
                    return None
        return None

    def _between(self, loop_a: set[int], loop_b: set[int]) -> set[int]:
        """The states on some path from loop a to loop b (both included)."""
        a = self.component[next(iter(loop_a))]
        b = self.component[next(iter(loop_b))]
        reach = self._reach
        return {
            state
            for state in range(self.size)
            if (c := self.component[state]) in (a, b) or (reach[a] >> c & 1 and reach[c] >> b & 1)
        }

    def _triple_search(
        self, p: int, q: int, loop_a: set[int], between: set[int], loop_b: set[int]
    ) -> str | None:
        start = (p, p, q)
        target = (p, q, q)
        parents: dict[tuple[int, int, int], tuple[tuple[int, int, int], int]] = {}
        queue = deque([start])
        seen = {start}
        while queue:
            node = queue.popleft()
            x, y, z = node
            for nx in self.succ[x]:
                if nx not in loop_a:
                    continue
                mx = self.mask(nx)
                for ny in self.succ[y]:
                    if ny not in between:
                        continue
                    mxy = mx & self.mask(ny)
                    if not mxy:
                        continue
                    for nz in self.succ[z]:
                        if nz not in loop_b:
                            continue
                        common = mxy & self.mask(nz)
                        if not common:
                            continue
                        nxt = (nx, ny, nz)
                        if nxt == target:
                            masks = [common]
                            current = node
                            while current != start:
                                current, mask = parents[current]
                                masks.append(mask)
                            return "".join(self.char(m) for m in reversed(masks))
                        if nxt in seen:
                            continue
                        if not self.budget.spend():
                            self.complete = False
                            return None
                        seen.add(nxt)
                        parents[nxt] = (node, common)
                        queue.append(nxt)
        return None


def _without_trailing(prefix: str, pump: str) -> str:
    """The prefix without the copies of the pump it ends with: the same attacks, spelled with
    more repeats (`'a' * n + '!'` rather than `'a' + 'a' * n + '!'`)."""
    while pump and prefix.endswith(pump):
        prefix = prefix[: -len(pump)]
    return prefix


def _strongly_connected(succ: list[list[int]]) -> tuple[list[int], list[list[int]]]:
    """Tarjan's algorithm without recursion: (component of each node, components sinks-first)."""
    count = len(succ)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    component = [-1] * count
    components: list[list[int]] = []
    stack: list[int] = []
    counter = 0
    for root in range(count):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            recurse = False
            while edge < len(succ[node]):
                nxt = succ[node][edge]
                edge += 1
                if index[nxt] == -1:
                    work.append((node, edge))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                members: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = len(components)
                    members.append(member)
                    if member == node:
                        break
                components.append(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component, components
