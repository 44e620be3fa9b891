/**
 * One step of the sre virtual machine in plain words, for the debugger: "try 'a' at 3", "try
 * [a-z] at 3", "backtrack: a+ gives back one character, now at 4", "group 1 starts at 5",
 * "match found: [0, 5)". The construct is quoted from the pattern itself (the step's pattern16),
 * positions are Python's indexes (code points, as the match list shows them), and the vocabulary
 * is the explanation panel's (py/pyregex/describe.py): "alternatives", "group #1", "lookahead".
 * Pure string functions over a step: no DOM, no engine.
 */

/** What the words need of a step (a TraceStep of the engine contract has these fields). */
export interface StepLike {
  op: string;
  pattern16: readonly [number, number] | null;
  pos16: number;
  start16: number;
  backtrack: boolean;
  group: number | null;
}

export interface WordsContext {
  /** The pattern the trace ran (pattern16 spans index into it). */
  pattern: string;
  /** A text position (UTF-16) as Python counts it (code points); identity when not given. */
  position?: (pos16: number) => number;
  /** The step dispatched right after this one, if any (tells a group's start from its end). */
  next?: StepLike | undefined;
  /**
   * For the pattern's end (SUCCESS): the index of the match this step found, or null when the
   * trace knows it found none (the match was refused); undefined when the trace cannot tell.
   */
  found?: number | null | undefined;
  /** The operation traced (why a match is refused: fullmatch's end, or an empty match). */
  op?: string | undefined;
}

/** Longer sources are cut with "…": the pattern editor outlines the whole construct anyway. */
const MAX_SOURCE = 24;

/** Python's names of the lookarounds, by how their source starts (longest first). */
const LOOKAROUNDS: ReadonlyArray<readonly [string, string]> = [
  ['(?<=', 'the lookbehind'],
  ['(?<!', 'the negative lookbehind'],
  ['(?=', 'the lookahead'],
  ['(?!', 'the negative lookahead'],
];

/** The opcode without its case-folding suffix, and what the suffix means. */
function baseOp(op: string): { base: string; ignoring: boolean } {
  const match = /^(.*?)(_UNI_IGNORE|_LOC_IGNORE|_IGNORE)$/.exec(op);
  return match === null ? { base: op, ignoring: false } : { base: match[1]!, ignoring: true };
}

/** The pattern's text of the step's construct, cut to MAX_SOURCE, or null when unknown. */
export function stepSource(step: Pick<StepLike, 'pattern16'>, pattern: string): string | null {
  const span = step.pattern16;
  if (span === null) return null;
  const [from, to] = span;
  if (!(from >= 0 && to >= from && to <= pattern.length) || from === to) return null;
  const source = pattern.slice(from, to);
  return source.length > MAX_SOURCE ? `${source.slice(0, MAX_SOURCE - 1)}…` : source;
}

/** A single character (a surrogate pair counts as one) is quoted as Python would; longer is not. */
function quoted(source: string): string {
  return [...source].length === 1 ? `'${source}'` : source;
}

/**
 * Whether a MARK step records where its group starts or ends. The step does not say, so the
 * trace does: a group's start is followed by its body (a construct inside the group's span) or, for
 * an empty group, by the same group's end at the same place; its end is followed by whatever comes
 * after the group. A construct of one character, `(` or `)`, says it directly. Null: cannot tell.
 */
export function markEdge(
  step: StepLike,
  pattern: string,
  next: StepLike | undefined,
): 'start' | 'end' | null {
  const span = step.pattern16;
  if (span === null) return null;
  const [from, to] = span;
  if (to - from === 1) {
    if (pattern[from] === '(') return 'start';
    if (pattern[from] === ')') return 'end';
  }
  if (next === undefined || next.backtrack) return next === undefined ? null : 'end';
  if (next.op === 'MARK' && next.group === step.group && next.pos16 === step.pos16) {
    const nextSpan = next.pattern16;
    if (nextSpan !== null && nextSpan[0] === from && nextSpan[1] === to) return 'start';
  }
  const inner = next.pattern16;
  // The pattern's own end (SUCCESS) may have no span: it is outside every group.
  if (inner === null) return next.op === 'SUCCESS' ? 'end' : null;
  const inside = inner[0] >= from && inner[1] <= to && (inner[0] > from || inner[1] < to);
  return inside ? 'start' : 'end';
}

/** What the step does, in words (see the module's header). */
export function stepWords(step: StepLike, context: WordsContext): string {
  const { pattern } = context;
  const at = (context.position ?? ((pos16: number) => pos16))(step.pos16);
  const start = (context.position ?? ((pos16: number) => pos16))(step.start16);
  const source = stepSource(step, pattern);
  const { base, ignoring } = baseOp(step.op);
  const ignoringCase = ignoring ? ' (ignoring case)' : '';
  const what = (fallback: string) => source ?? fallback;
  const backtrack = step.backtrack ? 'backtrack: ' : '';

  switch (base) {
    case 'LITERAL':
      return `${backtrack}try ${source === null ? 'a character' : quoted(source)}${ignoringCase} at ${at}`;
    case 'NOT_LITERAL':
      return `${backtrack}try ${what('any character but one')}${ignoringCase} at ${at}`;
    case 'IN':
      return `${backtrack}try ${what('a character class')}${ignoringCase} at ${at}`;
    case 'RANGE':
      return `${backtrack}try ${what('a character range')}${ignoringCase} at ${at}`;
    case 'ANY':
      return `${backtrack}try ${what('.')} (any character except a newline) at ${at}`;
    case 'ANY_ALL':
      return `${backtrack}try ${what('.')} (any character, newline included) at ${at}`;
    case 'CATEGORY':
      return `${backtrack}try ${what('a character category')} at ${at}`;
    case 'AT':
      return `${backtrack}check ${what('an anchor')} at ${at}`;
    case 'BRANCH':
      return step.backtrack
        ? `backtrack: try the next alternative of ${what('the alternation')} at ${at}`
        : `try the alternatives of ${what('the alternation')}, left to right, at ${at}`;
    case 'JUMP':
      return `${backtrack}this alternative matched: go on after ${what('the alternation')} at ${at}`;
    case 'MARK':
      return markWords(step, context, at, backtrack);
    case 'REPEAT_ONE':
      return step.backtrack
        ? `backtrack: ${what('the repeat')} gives back one character, now ends at ${at}`
        : `repeat ${what('the repeat')} at ${at}: as many as possible`;
    case 'MIN_REPEAT_ONE':
      return step.backtrack
        ? `backtrack: ${what('the repeat')} takes one more character, now ends at ${at}`
        : `repeat ${what('the repeat')} at ${at}: as few as possible`;
    case 'POSSESSIVE_REPEAT_ONE':
      return `${backtrack}repeat ${what('the repeat')} at ${at}: as many as possible, never giving back`;
    case 'REPEAT':
      return `${backtrack}start repeating ${what('the repeat')} at ${at}`;
    case 'MAX_UNTIL':
      return step.backtrack
        ? `backtrack: ${what('the repeat')} stops repeating; try what follows at ${at}`
        : `repeat ${what('the repeat')} once more at ${at}`;
    case 'MIN_UNTIL':
      return step.backtrack
        ? `backtrack: ${what('the repeat')} repeats once more at ${at}`
        : `try what follows ${what('the repeat')} at ${at} (as few repeats as possible)`;
    case 'POSSESSIVE_REPEAT':
      return `${backtrack}repeat ${what('the repeat')} at ${at}: as many as possible, never giving back`;
    case 'ATOMIC_GROUP':
      return `${backtrack}enter the atomic group${source === null ? '' : ` ${source}`} at ${at}: no backtracking into it`;
    case 'ASSERT':
      return `${backtrack}check ${lookaround(source)} at ${at}`;
    case 'ASSERT_NOT':
      return `${backtrack}check that ${lookaround(source)} does not match at ${at}`;
    case 'GROUPREF':
      return `${backtrack}try the text group #${step.group ?? '?'} matched${ignoringCase} again at ${at}`;
    case 'GROUPREF_EXISTS':
      return `${backtrack}check whether group #${step.group ?? '?'} took part in the match`;
    case 'SUCCESS':
      return successWords(step, context, source, at, start);
    case 'FAILURE':
      return `${backtrack}fail at ${at}: go back to the last choice`;
    case 'INFO':
      return `${backtrack}check the pattern's length limits at ${at}`;
    default:
      return `${backtrack}${step.op.toLowerCase().replace(/_/g, ' ')} at ${at}`;
  }
}

function lookaround(source: string | null): string {
  if (source === null) return 'the lookaround';
  const named = LOOKAROUNDS.find(([prefix]) => source.startsWith(prefix));
  return named === undefined ? source : `${named[1]} ${source}`;
}

function markWords(step: StepLike, context: WordsContext, at: number, backtrack: string): string {
  const group = step.group === null ? 'a group' : `group #${step.group}`;
  const edge = markEdge(step, context.pattern, context.next);
  if (edge === 'start') return `${backtrack}${group} starts at ${at}`;
  if (edge === 'end') return `${backtrack}${group} ends at ${at}`;
  return `${backtrack}${group}: record the position ${at}`;
}

function successWords(
  step: StepLike,
  context: WordsContext,
  source: string | null,
  at: number,
  start: number,
): string {
  const span = step.pattern16;
  const whole = span === null || (span[0] <= 0 && span[1] >= context.pattern.length);
  if (!whole && source !== null) {
    const named = LOOKAROUNDS.find(([prefix]) => source.startsWith(prefix));
    const part = named === undefined ? source : `${named[1]} ${source}`;
    return `${part} matches at ${at}`;
  }
  const { next, found } = context;
  if (typeof found === 'number') return `match #${found + 1} found: [${start}, ${at})`;
  const refused =
    found === null || (next !== undefined && next.backtrack && next.start16 === step.start16);
  if (refused) {
    const why =
      context.op === 'fullmatch'
        ? 'fullmatch must end at the end of the text'
        : 'no empty match where the previous match ended';
    return `end of the pattern at ${at}, but the match is refused (${why})`;
  }
  return `match found: [${start}, ${at})`;
}

/**
 * Python's index (code points) of each UTF-16 position of `text`: the identity for text without
 * surrogate pairs, else a table built on first use (one pass, whatever the number of steps).
 */
export function codePointPositions(text: string): (pos16: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (pos16) => pos16;
  let table: Int32Array | null = null;
  return (pos16) => {
    if (table === null) {
      table = new Int32Array(text.length + 1);
      let points = 0;
      for (let i = 0; i < text.length; i++) {
        table[i] = points;
        const unit = text.charCodeAt(i);
        const pairs =
          unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        if (!pairs) points++;
      }
      table[text.length] = points;
    }
    return table[Math.min(Math.max(0, pos16), text.length)]!;
  };
}
