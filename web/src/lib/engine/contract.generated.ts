/**
 * generated, do not edit: `npm run contract` writes this file from the Python core's JSON Schema
 * (`python -m pyregex --schema`), and the contract test fails when it is stale.
 * Import these types through ./contract.ts.
 */

/**
 * What to run: a pattern, a text and one `re` operation. Any other key is a RequestError.
 */
export interface EvaluateRequest {
  /**
   * The regular expression, as re.compile gets it.
   */
  pattern: string;
  /**
   * The string to search.
   */
  text: string;
  op: Op;
  /**
   * Flag letters: i IGNORECASE, m MULTILINE, s DOTALL, x VERBOSE, a ASCII, l LOCALE, u UNICODE. Combinations re rejects (l with a str pattern, a with u) give its ValueError.
   */
  flags?: string;
  /**
   * The replacement template of sub and subn (ignored by other ops).
   */
  replacement?: string;
  /**
   * sub/subn: how many matches to replace; 0 replaces all.
   */
  count?: number;
  /**
   * split: how many splits at most; 0 splits at every match.
   */
  maxsplit?: number;
  /**
   * Report at most this many matches (and output items); beyond it `truncated` is true. The op itself still runs to completion.
   */
  maxMatches?: number;
}

/**
 * What evaluate returns: a success or an error, told apart by `ok`.
 */
export type EvaluateResult = SuccessResult | ErrorResult;

/**
 * The op ran: what it returned and every match it used.
 */
export interface SuccessResult {
  ok: true;
  op: Op;
  /**
   * sys.version of the interpreter that ran it.
   */
  python: string;
  /**
   * The matches the op used, at most maxMatches: 0 or 1 for match/search/fullmatch; for sub/subn/split only those within count/maxsplit.
   */
  matches: Match[];
  /**
   * True when the op used more matches than maxMatches.
   */
  truncated: boolean;
  output: Output;
  /**
   * Pattern.groups.
   */
  groupCount: number;
  /**
   * Pattern.groupindex: group name to group number.
   */
  groupNames: {
    [k: string]: number | undefined;
  };
  /**
   * The effective flags by name, inline ones and the implied UNICODE included, in RegexFlag value order.
   */
  flags: string[];
  warnings: Warning[];
  /**
   * How long the op itself took, in milliseconds.
   */
  elapsedMs: number;
}

/**
 * The request could not run; nothing else is reported.
 */
export interface ErrorResult {
  ok: false;
  error: Error;
}

/**
 * What the worker's bridge answers: the result (its matches list left empty) and the layout of the packed matches that travel beside it as bytes.
 */
export interface PackedEvaluation {
  result: EvaluateResult;
  /**
   * Null for an error result.
   */
  packed: PackedMatches | null;
}

/**
 * The layout of a result's matches packed into little-endian int32s (pyregex/packed.py): code-point spans, count x groupSlots x [start, end] (-1, -1 for a group that did not take part); then the same in UTF-16 units if spans16; then count x [start, end] output spans in UTF-16 units if outputSpans16.
 */
export interface PackedMatches {
  /**
   * How many matches.
   */
  count: number;
  /**
   * Groups per match, group 0 (the whole match) included.
   */
  groupSlots: number;
  /**
   * True when a block of UTF-16 spans follows; false when the text has no character above U+FFFF, so the code-point spans are the UTF-16 spans too.
   */
  spans16: boolean;
  /**
   * sub and subn: where each replacement stands in the output string.
   */
  outputSpans16: boolean;
}

/**
 * One match the operation used.
 */
export interface Match {
  /**
   * Offsets in code points, as Match.span().
   */
  span: Span;
  /**
   * The same offsets in UTF-16 code units.
   */
  span16: Span;
  /**
   * Every group, in index order; groups[0] is the whole match.
   *
   * @minItems 1
   */
  groups: [Group, ...Group[]];
  /**
   * sub and subn only: where this match's replacement stands in the output string, in UTF-16 code units.
   */
  outputSpan16?: Span;
}

/**
 * One group of a match. Index 0 is the whole match; a group that did not take part in the match has null span, span16 and value.
 */
export interface Group {
  /**
   * The group's number.
   */
  index: number;
  /**
   * The group's name, (?P<name>...), or null.
   */
  name: string | null;
  /**
   * Offsets in code points, exactly as re reports them.
   */
  span: Span | null;
  /**
   * The same offsets in UTF-16 code units (JS strings).
   */
  span16: Span | null;
  /**
   * The text the group matched.
   */
  value: string | null;
}

/**
 * The op's return value, for every op.
 */
export interface Output {
  /**
   * Python's repr of the return value (for finditer: of the list of its matches). When cut to maxMatches items, the list ends with ', ...]'.
   */
  repr: string;
  /**
   * The return value as JSON. match/search/fullmatch: group(0) or null; finditer: list of group(0); findall: list of strings, or of string arrays when the pattern has several groups; sub: the new string; subn: [new string, count]; split: list of strings and nulls (groups that did not take part).
   */
  value: string | null | (string | null | number | string[])[];
  /**
   * True when value and repr were cut: a list to maxMatches items, the new string of sub/subn to its first 16,000,000 characters.
   */
  truncated: boolean;
}

/**
 * A warning CPython raised while compiling the pattern or the replacement.
 */
export interface Warning {
  /**
   * e.g. FutureWarning, DeprecationWarning.
   */
  category: string;
  /**
   * CPython's own text.
   */
  message: string;
}

/**
 * Why there is no result. Position fields are null where CPython gives no position.
 */
export interface Error {
  /**
   * The exception class name (error or PatternError, ValueError, IndexError, OverflowError, RecursionError...), or RequestError for a malformed request, SuiteError for a malformed suite, or Interrupted when the run was stopped.
   */
  type: string;
  /**
   * What the error is about: the request itself, the pattern, the flags, the replacement template, or the engine while running (Interrupted, MemoryError...).
   */
  where: 'request' | 'pattern' | 'flags' | 'replacement' | 'engine';
  /**
   * CPython's own message (str(exception)).
   */
  message: string;
  /**
   * Offset in the pattern or replacement.
   */
  pos: number | null;
  /**
   * The same offset in UTF-16 code units.
   */
  pos16: number | null;
  /**
   * Line of pos, from 1.
   */
  lineno: number | null;
  /**
   * Column of pos in code points, from 1.
   */
  colno: number | null;
}

/**
 * A [start, end) pair of offsets: end is exclusive, as in Python slicing.
 *
 * @minItems 2
 * @maxItems 2
 */
export type Span = [number, number];

/**
 * The `re` function to run; each is the Pattern method of the same name.
 */
export type Op =
  'match' | 'search' | 'fullmatch' | 'findall' | 'finditer' | 'sub' | 'subn' | 'split';

/**
 * What to run step by step: an EvaluateRequest, with the trace's own budgets.
 */
export interface TraceRequest {
  /**
   * The regular expression, as re.compile gets it.
   */
  pattern: string;
  /**
   * The string to search.
   */
  text: string;
  op: Op;
  /**
   * Flag letters: i IGNORECASE, m MULTILINE, s DOTALL, x VERBOSE, a ASCII, l LOCALE, u UNICODE. Combinations re rejects (l with a str pattern, a with u) give its ValueError.
   */
  flags?: string;
  /**
   * The replacement template of sub and subn (ignored by other ops).
   */
  replacement?: string;
  /**
   * sub/subn: how many matches to replace; 0 replaces all.
   */
  count?: number;
  /**
   * split: how many splits at most; 0 splits at every match.
   */
  maxsplit?: number;
  /**
   * Report at most this many matches (and output items); beyond it `truncated` is true. The op itself still runs to completion.
   */
  maxMatches?: number;
  /**
   * Stop after this many steps (opcode dispatches); the result is then truncated.
   */
  maxSteps?: number;
  /**
   * List at most this many steps (0: only count them).
   */
  maxTraceSteps?: number;
}

/**
 * What trace returns: a success, an unsupported program, or evaluate's error for the same request; told apart by `ok` and `supported`.
 */
export type TraceResult = TraceSuccess | TraceUnsupported | ErrorResult;

/**
 * The op ran in the interpreter: evaluate's matches, and the steps that found them.
 */
export interface TraceSuccess {
  ok: true;
  op: Op;
  /**
   * sys.version of the interpreter that ran it.
   */
  python: string;
  supported: true;
  /**
   * The step budget (maxSteps) ran out before the op finished: no match is claimed (matches and matchSteps are null) and stoppedAt says where it was.
   */
  truncated: boolean;
  /**
   * Opcode dispatches of the whole op, counted the way _sre dispatches them: every search of findall/finditer/sub/subn/split, including the last one that finds nothing.
   */
  steps: number;
  /**
   * Dispatches that resumed matching after a failure (when truncated, up to where the step budget ran out).
   */
  backtracks: number;
  /**
   * Exactly evaluate's matches for the same request, computed by the interpreter; null when truncated.
   */
  matches: Match[] | null;
  /**
   * For each match, the steps of the search that found it (from the end of the previous match's search). steps minus their sum is what the op spent past its matches: the last search, which found nothing, and matches beyond maxMatches. Null when truncated.
   */
  matchSteps: number[] | null;
  /**
   * The first maxTraceSteps steps (empty in the worker's answer, whose steps travel packed: see packedSteps).
   */
  trace: TraceStep[];
  /**
   * Every step of the run was recorded (the trace has `steps` steps).
   */
  traceComplete: boolean;
  /**
   * Where the run stopped when truncated.
   */
  stoppedAt: StoppedAt | null;
  /**
   * The step budget used.
   */
  maxSteps: number;
  /**
   * The trace budget used.
   */
  maxTraceSteps: number;
  /**
   * The worker's answer only: the layout of the steps sent as bytes.
   */
  packedSteps?: PackedSteps;
}

/**
 * This Python's compiled program holds something the interpreter does not handle: nothing is claimed, and the reason says what.
 */
export interface TraceUnsupported {
  ok: true;
  op: Op;
  /**
   * sys.version of the interpreter that ran it.
   */
  python: string;
  supported: false;
  /**
   * What the interpreter met, e.g. an opcode.
   */
  reason: string;
}

/**
 * One dispatch of _sre's matching loop, as the interpreter made it.
 */
export interface TraceStep {
  /**
   * The opcode's name, e.g. LITERAL, BRANCH, MARK.
   */
  op: string;
  /**
   * The pattern construct that emitted the opcode, in UTF-16 code units of the pattern; null when this Python's program could not be mapped to the pattern.
   */
  pattern16: Span | null;
  /**
   * The text position, in UTF-16 code units.
   */
  pos16: number;
  /**
   * Where the current match attempt began in the text (UTF-16 units).
   */
  start16: number;
  /**
   * This dispatch resumes matching after a failure (the next alternative, a repeat giving back a character...).
   */
  backtrack: boolean;
  /**
   * The capture group the opcode concerns (MARK, GROUPREF*, GROUPREF_EXISTS), or null.
   */
  group: number | null;
}

/**
 * Where a run that ran out of steps was at its last step.
 */
export interface StoppedAt {
  /**
   * The text position, in UTF-16 code units.
   */
  pos16: number;
  /**
   * The pattern construct that emitted the opcode, in UTF-16 code units of the pattern; null when this Python's program could not be mapped to the pattern.
   */
  pattern16: Span | null;
}

/**
 * The steps packed into little-endian int32s beside a trace result (pyregex/trace.py), 7 per step: [index into opNames, pattern16 start, pattern16 end (-1, -1 if unknown), pos16, start16, flags (bit 0: backtrack), group (-1 if none)].
 */
export interface PackedSteps {
  /**
   * How many steps.
   */
  count: number;
  /**
   * Opcode names by number, as this Python's re._constants has them.
   */
  opNames: string[];
}

/**
 * A test suite: a pattern, one op with its arguments, and the cases it must pass. This is the suite file format of `python -m pyregex test`, and the suite part of a permalink's session.
 */
export interface Suite {
  /**
   * The regular expression.
   */
  pattern: string;
  /**
   * Flag letters, as in EvaluateRequest.
   */
  flags?: string;
  op: Op;
  /**
   * sub/subn's template.
   */
  replacement?: string;
  /**
   * sub/subn: how many matches to replace; 0 replaces all.
   */
  count?: number;
  /**
   * split: how many splits at most; 0 splits at every match.
   */
  maxsplit?: number;
  /**
   * The cases.
   */
  tests: SuiteCase[];
}

/**
 * One subject text and what the suite's op must do with it.
 */
export interface SuiteCase {
  /**
   * The subject, exactly (any text, multi-line).
   */
  text: string;
  /**
   * match: the op found at least one match (match/search/fullmatch returned a Match; the other ops used at least one match); no match: it found none.
   */
  expect: 'match' | 'no match';
  /**
   * Expected groups of the first match (only with expect 'match'), keyed by group number or name; null means the group did not take part. Groups not listed are not checked.
   */
  groups?: {
    [k: string]: string | null | undefined;
  };
  /**
   * findall, sub, subn and split only: the expected return value as JSON (see Output.value: tuples as arrays, subn as [new string, count]), compared whole.
   */
  output?: string | null | (string | null | number | string[])[];
  /**
   * A label for reports (pytest's test id).
   */
  name?: string;
}

/**
 * The verdicts on every case of a suite, in order.
 */
export interface SuiteResult {
  /**
   * Cases that passed.
   */
  passed: number;
  /**
   * Cases that did not pass (failed, timed out or skipped).
   */
  failed: number;
  /**
   * sys.version of the interpreter that ran it.
   */
  python: string;
  cases: CaseResult[];
  /**
   * Why no case could run (a pattern that does not compile, a bad replacement, a malformed suite), or null.
   */
  error: Error | null;
  /**
   * Time for the whole suite.
   */
  elapsedMs: number;
}

/**
 * The verdict on one case.
 */
export interface CaseResult {
  /**
   * The case's place in tests.
   */
  index: number;
  /**
   * The case's name, or null.
   */
  name: string | null;
  /**
   * True when the case passed.
   */
  ok: boolean;
  /**
   * pass or fail by the expectation; timeout: stopped after its own time limit; skipped: never ran (the pattern does not compile, or the suite was stopped or ran out of time first).
   */
  status: 'pass' | 'fail' | 'timeout' | 'skipped';
  expected: CaseExpected;
  /**
   * Null when the case did not run to its end.
   */
  actual: CaseActual | null;
  /**
   * Empty when the case passed; otherwise one sentence saying why not.
   */
  message: string;
  /**
   * Time spent on the case.
   */
  elapsedMs: number;
}

/**
 * What a case expected: its expect, and its groups and output when it gave them.
 */
export interface CaseExpected {
  /**
   * match: the op found at least one match (match/search/fullmatch returned a Match; the other ops used at least one match); no match: it found none.
   */
  expect: 'match' | 'no match';
  /**
   * Groups of the first match, keyed by group number ("1") or name ("year"); null for a group that did not take part in the match.
   */
  groups?: {
    [k: string]: string | null | undefined;
  };
  /**
   * The op's return value as JSON, in the form of Output.value.
   */
  output?: string | null | (string | null | number | string[])[];
}

/**
 * What CPython did with a case's text.
 */
export interface CaseActual {
  /**
   * Whether the op found a match.
   */
  matched: boolean;
  /**
   * Every group of the first match by number ("0" is the whole match) and, for named groups, by name too; empty when nothing matched.
   */
  groups: {
    [k: string]: string | null | undefined;
  };
  /**
   * The op's return value as JSON, in the form of Output.value.
   */
  output: string | null | (string | null | number | string[])[];
  /**
   * Python's repr of the op's return value.
   */
  outputRepr: string;
}

/**
 * What the page sends to run a suite: the suite and its time limits.
 */
export interface RunSuiteRequest {
  suite: Suite;
  /**
   * The caller's time limit per case. A case the caller interrupts after it ran at least half of this is a timeout and the suite goes on; an interrupt sooner is taken as a late one meant for the case before, and the case runs again (once). To stop the whole suite, the caller's should_stop answers true (see pyregex/suite.py). Without caseMs every interrupt is a timeout.
   */
  caseMs?: number;
  /**
   * Once the suite has run this long, the cases not yet run are skipped (checked after each case).
   */
  suiteMs?: number;
}

/**
 * What explain returns: the pattern's tree, or the error re raised for it.
 */
export type ExplainResult = ExplainSuccess | ErrorResult;

/**
 * The pattern compiled; its constructs as a tree.
 */
export interface ExplainSuccess {
  ok: true;
  /**
   * The whole pattern: a node of kind 'pattern'.
   */
  tree: ExplainNode;
  /**
   * The effective flags by name, inline ones and the implied UNICODE included, in RegexFlag value order (as in EvaluateResult).
   */
  flags: string[];
  /**
   * Null normally. A sentence for the reader when this Python's parser could not be read; the tree is then one 'pattern' node without children.
   */
  note: string | null;
}

/**
 * What a construct is. pattern: the whole pattern. sequence: one alternative of an alternation or one branch of a conditional. alternation: a|b (children are sequences). literal: a character written as itself. escape: a character written as an escape (\n, \., \x41, \u00e9, \N{...}, \101). any: '.'. class: [...] (children: literal, escape, range, category). range: a-z inside a class (children: its two ends). category: \d \D \s \S \w \W. group: (...) or (?P<name>...). noncapture: (?:...). lookahead (?=...), negativeLookahead (?!...), lookbehind (?<=...), negativeLookbehind (?<!...). atomic: (?>...). conditional: (?(1)yes|no) (children: the yes and optional no sequences). backref: \1 or (?P=name). repeat: * + ? {m,n} with ? (lazy) or + (possessive) (children[0] is what is repeated; comments may follow it). anchor: ^ $ \A \Z \z \b \B. flags: (?i) for the whole pattern. scopedFlags: (?i-m:...). comment: (?#...) or, in verbose mode, # to the end of the line.
 */
export type ExplainNodeKind =
  | 'pattern'
  | 'sequence'
  | 'alternation'
  | 'literal'
  | 'escape'
  | 'any'
  | 'class'
  | 'range'
  | 'category'
  | 'group'
  | 'noncapture'
  | 'lookahead'
  | 'negativeLookahead'
  | 'lookbehind'
  | 'negativeLookbehind'
  | 'atomic'
  | 'conditional'
  | 'backref'
  | 'repeat'
  | 'anchor'
  | 'flags'
  | 'scopedFlags'
  | 'comment';

/**
 * One construct of the pattern. Children lie inside their parent's span, in source order, without overlapping. Whitespace that verbose mode ignores belongs to no node.
 */
export type ExplainNode = {
  kind: ExplainNodeKind;
  /**
   * What it does, in plain English.
   */
  description: string;
  /**
   * Where it is written, in code points.
   */
  span: Span;
  /**
   * Where it is written, in UTF-16 code units (for the editor).
   */
  span16: Span;
  /**
   * Its parts, in source order (see ExplainNodeKind for each kind's).
   */
  children: ExplainNode[];
  /**
   * literal, escape: the character matched.
   */
  char?: string;
  /**
   * literal, escape: its code point.
   */
  codePoint?: number;
  /**
   * range: its first character.
   */
  first?: string;
  /**
   * range: its last character.
   */
  last?: string;
  /**
   * class: [^...].
   */
  negated?: boolean;
  /**
   * category: which one (\d digit, \D notDigit, ...).
   */
  category?: 'digit' | 'notDigit' | 'space' | 'notSpace' | 'word' | 'notWord';
  /**
   * anchor: ^ start, $ end, \A startOfString, \Z and \z endOfString, \b wordBoundary, \B notWordBoundary.
   */
  anchor?: 'start' | 'end' | 'startOfString' | 'endOfString' | 'wordBoundary' | 'notWordBoundary';
  /**
   * group: its number; backref, conditional: the group referred to.
   */
  groupIndex?: number;
  /**
   * group, backref, conditional: the group's name.
   */
  name?: string | null;
  /**
   * repeat: at least.
   */
  min?: number;
  /**
   * repeat: at most; null for no limit.
   */
  max?: number | null;
  /**
   * repeat: greedy (as many as possible), lazy (as few), possessive (as many, never giving any back).
   */
  mode?: 'greedy' | 'lazy' | 'possessive';
  /**
   * repeat: where its quantifier (*, +?, {2,3}+...) is, in UTF-16.
   */
  quantifierSpan16?: Span;
  /**
   * flags: the flags turned on, by name.
   */
  flags?: string[];
  /**
   * scopedFlags: the flags turned on.
   */
  added?: string[];
  /**
   * scopedFlags: the flags turned off.
   */
  removed?: string[];
  /**
   * comment: its text.
   */
  text?: string;
};
