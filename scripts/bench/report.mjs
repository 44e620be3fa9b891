// Turns one bench run into Markdown: the figures table (median, min–max, target), the bytes per
// resource, the raw samples, and the run's context (date, machine, load, browser, versions,
// commit); and composeReport(), the new docs/benchmarks.md: the fixed text (method, targets)
// regenerated, this run's section (between `<!-- bench:begin ID -->` and `<!-- bench:end ID -->`)
// replaced or added, every other run's section kept as it was. Pure: bench.mjs does the I/O.
import { bytes, ms, percentile, spread, summary } from './stats.mjs';
import { wireTotal } from './startup.mjs';

/**
 * Issue 6's targets; the bench only prints them beside the figures, it never fails on them.
 * P1's targets are for the first result; P3 sets only a p95; "flat" memory is read as growth
 * within the heap's 64 kB page granularity (a wasm heap never shrinks).
 */
export const TARGETS = {
  coldFirstResult: '≤ 1.5 s',
  warmFirstResult: '≤ 0.6 s',
  firstVisitBytes: '≤ 3.2 MB',
  p3p95: '≤ 30 ms',
  p3sP95: '≤ 40 ms',
  p4Shown: '≤ 1 s',
  p4LongestTask: 'none > 50 ms',
  p4Ratio: '≤ 2×',
  p6Shown: '≤ 2 s',
  p6LongestTask: 'none > 100 ms',
  p5Isolated: '≤ 50 ms',
  p5Restart: '≤ 1 s',
  memoryGrowth: 'flat',
  t2LongestTask: 'none > 50 ms',
  longLineP95: '≤ 40 ms',
};

/** Issue 19's targets against stock Pyodide (S1): pyregex's figure / stock's, medians. */
export const STOCK_TARGETS = {
  coldFirstResult: '≤ 0.5×',
  warmFirstResult: '≤ 0.3×',
  firstVisitBytes: '≤ 0.8×',
};

const pick = (samples, key) => samples.map((s) => s[key]).filter((v) => v !== null);
const ratio = (v) => `${v.toFixed(2)}×`;
const pct = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;

/** The parts of a P3 keystroke (typing.mjs, phasesOf), in order. */
const P3_PHASES = [
  ['toSend', 'keydown → request sent'],
  [
    'roundTrip',
    'request → answer handled (worker, and the main thread free again; read early: applied)',
  ],
  ['toApply', 'answer → result applied'],
  ['toPaint', 'applied → painted'],
];

/** The table of figures, one Markdown row per figure. */
function figuresTable(r) {
  const rows = [['figure', 'median (min–max)', 'target']];
  const { cold, warm } = r.startup;
  rows.push(['P1 cold: navigation → ready', spread(pick(cold, 'ready')), '']);
  rows.push([
    'P1 cold: navigation → first result',
    spread(pick(cold, 'firstResult')),
    TARGETS.coldFirstResult,
  ]);
  const restored = warm.filter((v) => /restored from the saved snapshot/.test(v.boot ?? '')).length;
  rows.push([
    `P1 warm: navigation → ready (${restored} of ${warm.length} restored from the snapshot)`,
    spread(pick(warm, 'ready')),
    '',
  ]);
  rows.push([
    'P1 warm: navigation → first result',
    spread(pick(warm, 'firstResult')),
    TARGETS.warmFirstResult,
  ]);
  rows.push([
    'P2 first visit, bytes on the wire',
    spread(cold.map(wireTotal), bytes),
    TARGETS.firstVisitBytes,
  ]);
  rows.push(['P2 warm visit, bytes on the wire', spread(warm.map(wireTotal), bytes), '']);
  const keys = r.typing.samples;
  rows.push([
    `P3 keystroke → highlights painted, p50 (${keys.length} keystrokes)`,
    `${ms(percentile(keys, 50))} (${ms(summary(keys).min)}–${ms(summary(keys).max)})`,
    '',
  ]);
  rows.push([`P3 … p95`, ms(percentile(keys, 95)), TARGETS.p3p95]);
  const phases = (r.typing.phases ?? []).filter((p) => p !== null);
  for (const [key, what] of P3_PHASES) {
    const values = phases.map((p) => p[key]);
    if (values.length === 0) continue;
    rows.push([
      `P3 … ${what}, p50 / p95`,
      `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`,
      '',
    ]);
  }
  if (r.typingSuite) rows.push(...typingSuiteRows(r.typingSuite));
  const big = r.bigText.samples;
  rows.push([
    'P4 1 MB paste → "100,000 matches" painted',
    spread(pick(big, 'shown')),
    TARGETS.p4Shown,
  ]);
  rows.push([
    'P4 longest main-thread task (≥ 50 ms)',
    spread(pick(big, 'longestTask')),
    TARGETS.p4LongestTask,
  ]);
  rows.push(['P4 request round trip (page ↔ worker)', spread(pick(big, 'roundTrip')), '']);
  const worker = summary(pick(big, 'workerElapsed')).median;
  const native = r.bigText.native.median;
  rows.push([
    'P4 engine elapsedMs in the worker (Pyodide)',
    spread(pick(big, 'workerElapsed')),
    '',
  ]);
  rows.push([
    `P4 engine elapsedMs natively (CPython ${r.bigText.native.python})`,
    spread(r.bigText.native.elapsed),
    '',
  ]);
  rows.push(['P4 ratio Pyodide / native (medians)', ratio(worker / native), TARGETS.p4Ratio]);
  if (r.hugeText) rows.push(...hugeTextRows(r.hugeText));
  rows.push([
    'P5 isolated: deadline → Ready (interrupt)',
    spread(pick(r.runaway.isolated, 'recovery')),
    TARGETS.p5Isolated,
  ]);
  rows.push([
    'P5 not isolated: deadline → Ready (restart)',
    spread(pick(r.runaway.restart, 'recovery')),
    TARGETS.p5Restart,
  ]);
  const mem = r.memory;
  const first = mem[0];
  const last = mem.at(-1);
  rows.push([
    `Memory: wasm heap after ${first.evaluations} evaluations`,
    bytes(first.wasmBytes),
    '',
  ]);
  rows.push([
    `Memory: wasm heap after ${last.evaluations} evaluations`,
    `${bytes(last.wasmBytes)} (${pct((last.wasmBytes / first.wasmBytes - 1) * 100)})`,
    TARGETS.memoryGrowth,
  ]);
  rows.push([
    `Memory: worker JS heap after ${first.evaluations} / ${last.evaluations}`,
    `${bytes(first.jsHeapUsed)} / ${bytes(last.jsHeapUsed)}`,
    '',
  ]);
  for (const size of r.suites ?? []) {
    const keys = size.samples;
    rows.push([
      `T1 ${size.count} test cases: keystroke → all verdicts painted, p50 / p95 (${keys.length} keystrokes)`,
      `${ms(percentile(keys, 50))} / ${ms(percentile(keys, 95))}`,
      '',
    ]);
  }
  const thousand = (r.suites ?? []).find((size) => size.count === 1000);
  if (thousand) {
    const longest = thousand.longTasks.length > 0 ? ms(Math.max(...thousand.longTasks)) : 'none';
    rows.push([
      `T2 1 000 cases: longest main-thread task while they render (${thousand.rowsInDom} rows in the DOM)`,
      longest,
      TARGETS.t2LongestTask,
    ]);
  }
  return markdownTable(rows, ['l', 'r', 'r']);
}

/** P3S: P3's keystrokes with a 100-case suite shown (typingSuite.mjs). */
function typingSuiteRows(t) {
  const keys = t.samples;
  const verdicts = t.suiteShown.filter((v) => v !== null);
  const cases = t.cases.toLocaleString('en-US');
  return [
    [
      `P3S ${cases}-case suite shown: keystroke → highlights painted, p50 (${keys.length} keystrokes)`,
      `${ms(percentile(keys, 50))} (${ms(summary(keys).min)}–${ms(summary(keys).max)})`,
      '',
    ],
    ['P3S … p95', ms(percentile(keys, 95)), TARGETS.p3sP95],
    [
      `P3S … keystroke → every verdict painted, p50 / p95 (${verdicts.length} keystrokes)`,
      `${ms(percentile(verdicts, 50))} / ${ms(percentile(verdicts, 95))}`,
      '',
    ],
  ];
}

/** P6: a 10 MB text pasted (hugeText.mjs): time, main-thread tasks, memory. */
function hugeTextRows(h) {
  const s = h.samples;
  const mb = (h.chars / 1e6).toLocaleString('en-US');
  const shown = s[0]?.shownText?.split(' · ')[0] ?? '?';
  const wasm = s.map((v) => v.worker.wasmBytes).filter((v) => v !== null);
  return [
    [`P6 ${mb} MB paste → "${shown}" painted`, spread(pick(s, 'shown')), TARGETS.p6Shown],
    ['P6 longest main-thread task', spread(pick(s, 'longestTask')), TARGETS.p6LongestTask],
    [
      'P6 main-thread tasks > 100 ms / > 50 ms (per paste, median)',
      `${summary(pick(s, 'tasksOver100')).median} / ${summary(pick(s, 'longTasks')).median}`,
      '',
    ],
    ['P6 longest task in the 3 s after the count shows', spread(pick(s, 'settleLongestTask')), ''],
    ['P6 paste → request sent', spread(pick(s, 'pasteToSend')), ''],
    ['P6 request round trip (page ↔ worker)', spread(pick(s, 'roundTrip')), ''],
    ['P6 engine elapsedMs in the worker', spread(pick(s, 'workerElapsed')), ''],
    [
      'P6 page JS heap: before / as the count shows / 3 s later after a GC',
      `${bytes(h.before.pageHeap)} / ${spread(pick(s, 'pageHeapAtShown'), bytes)} / ` +
        `${spread(pick(s, 'pageHeapSettled'), bytes)}`,
      '',
    ],
    [
      'P6 first paste (the warm-up): → count shown; longest task; tasks > 100 ms',
      h.first ? `${ms(h.first.shown)}; ${ms(h.first.longestTask)}; ${h.first.tasksOver100}` : '—',
      '',
    ],
    [
      'P6 page JS heap after the first big paste (the warm-up), 3 s later after a GC',
      h.first ? bytes(h.first.pageHeapSettled) : '—',
      '',
    ],
    [
      'P6 worker wasm heap (high-water mark): before / after',
      `${bytes(h.before.worker.wasmBytes)} / ${bytes(Math.max(...wasm))}`,
      '',
    ],
  ];
}

function markdownTable(rows, align) {
  const [head, ...body] = rows;
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [head, rule, ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Bytes per response on the first cold visit, largest first (a 304 is a revalidation). */
function resourcesTable(r) {
  const visit = r.startup.cold[0];
  const rows = [['response', 'status', 'encoding', 'bytes on the wire', 'file in dist/']];
  for (const res of visit.resources) {
    rows.push([
      `\`${res.path}\``,
      `${res.status}`,
      res.encoding ?? 'none',
      bytes(res.bytes),
      bytes(r.fileSizes[res.path] ?? null),
    ]);
  }
  rows.push(['**total**', '', '', `**${bytes(wireTotal(visit))}**`, '']);
  return markdownTable(rows, ['l', 'r', 'l', 'r', 'r']);
}

/** V1-V3: each version's first use, switching between loaded ones, and Compare on all five. */
function versionsTable(r) {
  const v = r.versions;
  const rows = [['figure', 'median (min–max)']];
  for (const [key, boots] of Object.entries(v.boots)) {
    rows.push([`V1 ${key}: first visit on it → Ready`, spread(boots.map((b) => b.ready))]);
    rows.push([
      `V1 ${key}: its own files on the wire`,
      spread(
        boots.map((b) => b.bytes),
        bytes,
      ),
    ]);
  }
  rows.push(['V2 switch 3.14 ↔ 3.12, both loaded → results shown', spread(v.switching)]);
  rows.push(['V3 Compare on five, cold (four runtimes download and boot)', spread(v.compare.cold)]);
  rows.push(['V3 Compare on five, warm (an edit → every row answered)', spread(v.compare.warm)]);
  return markdownTable(rows, ['l', 'r']);
}

const perSecond = (v) => `${Math.round(v / 1000).toLocaleString('en-US')} k`;

/** D1: the interpreter's steps per second, natively and in Pyodide, and their ratio. */
function interpreterTable(r) {
  const { native, pyodide } = r.interpreter;
  const rows = [
    [
      'D1 workload (steps a run)',
      `native CPython ${native.python}`,
      `Pyodide (CPython ${pyodide.python})`,
      'Pyodide / native',
    ],
  ];
  for (const [name, n] of Object.entries(native.workloads)) {
    const p = pyodide.workloads[name];
    if (!p) continue;
    rows.push([
      `${name} (${n.steps.toLocaleString('en-US')})`,
      `${perSecond(n.median)} steps/s (${perSecond(n.min)}–${perSecond(n.max)})`,
      `${perSecond(p.median)} steps/s (${perSecond(p.min)}–${perSecond(p.max)})`,
      ratio(p.median / n.median),
    ]);
  }
  return markdownTable(rows, ['l', 'r', 'r', 'r']);
}

/** D2: opening the debugger on a 10 000-step trace. */
function debuggerTable(r) {
  const d = r.debugger;
  const rows = [['figure', 'median (min–max)']];
  const steps = d.samples[0]?.steps ?? 0;
  rows.push([
    `D2 Debug clicked → "Step 1 of ${steps.toLocaleString('en-US')}" painted`,
    spread(pick(d.samples, 'open')),
  ]);
  return markdownTable(rows, ['l', 'r']);
}

/** R1: a pattern keystroke with the railroad diagram open, against the panel folded. */
function diagramTable(r) {
  const rows = [['R1 pattern keystroke → (median, p95)', 'folded', 'open', 'open / folded']];
  const cell = (values) => `${ms(summary(values).median)}, ${ms(percentile(values, 95))}`;
  for (const [name, { folded, open, length }] of Object.entries(r.diagram)) {
    const chars = `${name} pattern, ${length.toLocaleString('en-US')} chars`;
    for (const [figure, key] of [
      ['matches painted', 'matches'],
      ['diagram painted (folded: explanation)', 'shown'],
    ]) {
      const f = pick(folded, key);
      const o = pick(open, key);
      const ratio = summary(o).median / summary(f).median;
      rows.push([`${figure}, ${chars}`, cell(f), cell(o), `${ratio.toFixed(2)}×`]);
    }
  }
  return markdownTable(rows, ['l', 'r', 'r', 'r']);
}

/** L1-L2: a pattern keystroke over many matches, CSS highlights against decorations. */
function highlightsTable(r) {
  const rows = [
    [
      'pattern keystroke → painted (p50, p95; applied → painted p50)',
      'CSS highlights',
      'decorations',
      'highlights / decorations (p95)',
      'target (p95)',
    ],
  ];
  const cell = (samples) => {
    const total = pick(samples, 'total');
    return `${ms(percentile(total, 50))}, ${ms(percentile(total, 95))}; ${ms(percentile(pick(samples, 'toPaint'), 50))}`;
  };
  const labels = {
    longLine: 'L1 one line, `ab,` × 6 000 (6 000 matches)',
    few: 'L2 100 matches, one per line',
    many: 'L2 100 000 matches, one per line',
  };
  // The first keystrokes after each paste, timed apart (highlights.mjs): p50 and the slowest.
  const warmupCell = (samples) => {
    const total = pick(samples, 'total');
    return `${ms(percentile(total, 50))}, slowest ${ms(Math.max(...total))}`;
  };
  for (const [name, { samples, warmup }] of Object.entries(r.highlights)) {
    const p95 = (mode) => percentile(pick(samples[mode], 'total'), 95);
    rows.push([
      labels[name] ?? name,
      cell(samples.api),
      cell(samples.decorations),
      ratio(p95('api') / p95('decorations')),
      name === 'longLine' ? TARGETS.longLineP95 : '',
    ]);
    if (warmup !== undefined) {
      rows.push([
        `… its first ${warmup.api.length} keystrokes after the paste, apart (p50, slowest)`,
        warmupCell(warmup.api),
        warmupCell(warmup.decorations),
        '',
        '',
      ]);
    }
  }
  return markdownTable(rows, ['l', 'r', 'r', 'r', 'r']);
}

/** Firefox ESR's P1 and P3 beside Chromium's, from the same run. */
function firefoxTable(r) {
  const f = r.firefox;
  const rows = [['figure (median; P3: p50, p95)', 'Chromium', 'Firefox ESR', 'Firefox / Chromium']];
  for (const [label, kind, key] of [
    ['P1 cold: ready', 'cold', 'ready'],
    ['P1 cold: first result', 'cold', 'firstResult'],
    ['P1 warm: ready', 'warm', 'ready'],
    ['P1 warm: first result', 'warm', 'firstResult'],
  ]) {
    const c = summary(pick(r.startup[kind], key)).median;
    const x = summary(pick(f.startup[kind], key)).median;
    rows.push([label, ms(c), ms(x), `${(x / c).toFixed(2)}×`]);
  }
  const c = r.typing.samples;
  const x = f.typing.samples;
  rows.push([
    'P3 keystroke → highlights painted',
    `${ms(percentile(c, 50))}, ${ms(percentile(c, 95))}`,
    `${ms(percentile(x, 50))}, ${ms(percentile(x, 95))}`,
    `${(percentile(x, 95) / percentile(c, 95)).toFixed(2)}× (p95)`,
  ]);
  return markdownTable(rows, ['l', 'r', 'r', 'r']);
}

/** S1: pyregex's page against stock Pyodide's bare page, from the same run, with the ratios. */
export function stockTable(r) {
  const { ours, stock } = r.stock;
  const rows = [
    ['figure (median, min–max)', 'pyregex', `stock Pyodide ${r.stock.pyodide}`, 'ratio', 'target'],
  ];
  const row = (label, values, format, target) => {
    const [a, b] = values;
    rows.push([
      label,
      spread(a, format),
      spread(b, format),
      ratio(summary(a).median / summary(b).median),
      target,
    ]);
  };
  const both = (kind, key) => [pick(ours[kind], key), pick(stock[kind], key)];
  row('S1 cold: navigation → ready', both('cold', 'ready'), ms, '');
  row(
    'S1 cold: navigation → first result',
    both('cold', 'firstResult'),
    ms,
    STOCK_TARGETS.coldFirstResult,
  );
  row('S1 warm: navigation → ready', both('warm', 'ready'), ms, '');
  row(
    'S1 warm: navigation → first result',
    both('warm', 'firstResult'),
    ms,
    STOCK_TARGETS.warmFirstResult,
  );
  row(
    'S1 first visit, bytes on the wire',
    [ours.cold.map(wireTotal), stock.cold.map(wireTotal)],
    bytes,
    STOCK_TARGETS.firstVisitBytes,
  );
  row(
    'S1 warm visit, bytes on the wire',
    [ours.warm.map(wireTotal), stock.warm.map(wireTotal)],
    bytes,
    '',
  );
  return markdownTable(rows, ['l', 'r', 'r', 'r', 'r']);
}

/** S1's raw samples: the order of each run, each side's samples, and its first visit per response. */
function stockRawLines(s) {
  const lines = [];
  lines.push(`S1 order (first in each run): ${s.order.join(' ')}`);
  for (const [name, side] of [
    ['pyregex', s.ours],
    ['stock', s.stock],
  ]) {
    for (const kind of ['cold', 'warm']) {
      const label = `S1 ${name.padEnd(7)} ${kind}`;
      lines.push(`${label} ready:        ${round(pick(side[kind], 'ready'))}`);
      lines.push(`${label} first result: ${round(pick(side[kind], 'firstResult'))}`);
      lines.push(`${label} bytes:        ${side[kind].map(wireTotal).join(' ')}`);
    }
  }
  for (const kind of ['cold', 'warm']) {
    const paired = s.ours[kind].map((v, i) =>
      (v.firstResult / s.stock[kind][i].firstResult).toFixed(2),
    );
    lines.push(`S1 ${kind} first result, pyregex / stock, run by run: ${paired.join(' ')}`);
  }
  for (const [name, side] of [
    ['pyregex', s.ours],
    ['stock', s.stock],
  ]) {
    const responses = side.cold[0].resources
      .map((res) => `${res.path} ${res.status} ${res.encoding ?? 'none'} ${res.bytes}`)
      .join(', ');
    lines.push(`S1 ${name} first visit (run 1), every response: ${responses}`);
  }
  return lines;
}

const round = (values) => values.map((v) => (v === null ? '—' : Math.round(v))).join(' ');

/** P6's raw samples, one line per figure. */
function hugeTextRaw(h) {
  const s = h.samples;
  const each = (format) => s.map(format).join(' ');
  const tasks = (v) => `${v.tasksOver100}/${v.longTasks}`;
  const settle = (v) =>
    `${Math.round(v.settleLongestTask)}/${v.settleTasksOver100}/${v.settleTasksOver50}`;
  const lines = [
    `P6 text: ${h.chars} characters, ${h.lines} lines; shown: ${s[0]?.shownText}`,
    `P6 paste → shown:     ${round(pick(s, 'shown'))}`,
    `P6 longest task:      ${round(pick(s, 'longestTask'))}`,
    `P6 tasks > 100 / > 50 ms: ${each(tasks)}`,
    `P6 after the count, longest task / > 100 / > 50 ms: ${each(settle)}`,
    `P6 paste → request:   ${round(pick(s, 'pasteToSend'))}`,
    `P6 round trip:        ${round(pick(s, 'roundTrip'))}`,
    `P6 answer → applied:  ${round(pick(s, 'answerToApplied'))}`,
    `P6 worker elapsedMs:  ${round(pick(s, 'workerElapsed'))}`,
    `P6 page JS heap (B): before ${h.before.pageHeap}; ` +
      `at shown ${pick(s, 'pageHeapAtShown').join(' ')}; ` +
      `settled ${pick(s, 'pageHeapSettled').join(' ')}`,
  ];
  const f = h.first;
  if (f) {
    lines.push(
      `P6 first (warm-up) paste: shown ${Math.round(f.shown)}, ` +
        `longest task ${Math.round(f.longestTask)}, tasks > 100 / > 50 ms ${tasks(f)}, ` +
        `after the count ${settle(f)}, page heap settled ${f.pageHeapSettled} B`,
    );
  }
  lines.push(
    `P6 worker (B): before wasm ${h.before.worker.wasmBytes}, ` +
      `JS heap ${h.before.worker.jsHeapUsed}; ` +
      `after wasm ${each((v) => v.worker.wasmBytes)}, JS heap ${each((v) => v.worker.jsHeapUsed)}`,
  );
  return lines;
}

function rawSamples(r) {
  const lines = [];
  const { cold, warm } = r.startup;
  lines.push(`P1 cold ready:        ${round(pick(cold, 'ready'))}`);
  lines.push(`P1 cold first result: ${round(pick(cold, 'firstResult'))}`);
  lines.push(`P1 warm ready:        ${round(pick(warm, 'ready'))}`);
  lines.push(`P1 warm first result: ${round(pick(warm, 'firstResult'))}`);
  lines.push(`P1 boots (cold):      ${cold.map((v) => JSON.stringify(v.boot ?? '')).join(' ')}`);
  lines.push(`P1 boots (warm):      ${warm.map((v) => JSON.stringify(v.boot ?? '')).join(' ')}`);
  lines.push(`P2 cold bytes:        ${cold.map(wireTotal).join(' ')}`);
  lines.push(`P2 warm bytes:        ${warm.map(wireTotal).join(' ')}`);
  const phases = (r.typing.phases ?? []).filter((p) => p !== null);
  if (phases.length > 0) {
    const busy = phases.filter((p) => p.busy).length;
    const early = phases.filter((p) => p.early).length;
    lines.push(
      `P3 keystrokes sent while another call was in the worker: ${busy} of ${phases.length}; ` +
        `answers read early (applied before their posted copy): ${early}`,
    );
  }
  lines.push(`P3 keystrokes (ms, in order):`);
  const keys = r.typing.samples.map((v) => Math.round(v));
  for (let i = 0; i < keys.length; i += 25) lines.push(`  ${keys.slice(i, i + 25).join(' ')}`);
  if (r.typingSuite) {
    const t = r.typingSuite;
    const busy = t.phases.filter((p) => p?.busy).length;
    const early = t.phases.filter((p) => p?.early).length;
    lines.push(
      `P3S ${t.cases} cases, ${t.rowsShown} case rows shown; keystrokes sent while another ` +
        `call was in the worker: ${busy} of ${t.phases.length}; answers read early: ${early}`,
    );
    const waited = {};
    for (const p of t.phases) for (const m of p?.atKeydown ?? []) waited[m] = (waited[m] ?? 0) + 1;
    const waitedText = Object.entries(waited)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    lines.push(`P3S keystrokes whose key went down while the worker ran: ${waitedText || 'none'}`);
    lines.push(`P3S keystrokes (ms, in order):`);
    const keys = t.samples.map((v) => Math.round(v));
    for (let i = 0; i < keys.length; i += 25) lines.push(`  ${keys.slice(i, i + 25).join(' ')}`);
    lines.push(`P3S verdicts painted (ms, in order):`);
    const verdicts = t.suiteShown.map((v) => (v === null ? '—' : Math.round(v)));
    for (let i = 0; i < verdicts.length; i += 25) {
      lines.push(`  ${verdicts.slice(i, i + 25).join(' ')}`);
    }
  }
  const big = r.bigText.samples;
  lines.push(`P4 paste → shown:     ${round(pick(big, 'shown'))}`);
  lines.push(`P4 longest task:      ${round(pick(big, 'longestTask'))}`);
  lines.push(`P4 long tasks (count): ${pick(big, 'longTasks').join(' ')}`);
  lines.push(`P4 paste → request:   ${round(pick(big, 'pasteToSend'))}`);
  lines.push(`P4 round trip:        ${round(pick(big, 'roundTrip'))}`);
  lines.push(`P4 answer → applied:  ${round(pick(big, 'answerToApplied'))}`);
  lines.push(
    `P4 worker elapsedMs:  ${pick(big, 'workerElapsed')
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
  lines.push(
    `P4 native elapsedMs:  ${r.bigText.native.elapsed.map((v) => v.toFixed(1)).join(' ')}`,
  );
  if (r.hugeText) lines.push(...hugeTextRaw(r.hugeText));
  lines.push(`P5 isolated:          ${round(pick(r.runaway.isolated, 'recovery'))}`);
  lines.push(`P5 not isolated:      ${round(pick(r.runaway.restart, 'recovery'))}`);
  lines.push(
    `P5 edit → deadline:   ${round(pick(r.runaway.isolated, 'editToStop'))} / ${round(pick(r.runaway.restart, 'editToStop'))}`,
  );
  for (const p of r.memory) {
    lines.push(`memory after ${p.evaluations}: wasm ${p.wasmBytes} B, JS heap ${p.jsHeapUsed} B`);
  }
  if (r.versions) {
    for (const [key, boots] of Object.entries(r.versions.boots)) {
      lines.push(
        `V1 ${key} ready: ${round(pick(boots, 'ready'))}; bytes: ${pick(boots, 'bytes').join(' ')}`,
      );
    }
    lines.push(`V2 switching:         ${round(r.versions.switching)}`);
    lines.push(`V3 compare cold:      ${round(r.versions.compare.cold)}`);
    lines.push(`V3 compare warm:      ${round(r.versions.compare.warm)}`);
  }
  if (r.debugger) {
    lines.push(`D2 debugger open:     ${round(pick(r.debugger.samples, 'open'))}`);
  }
  if (r.firefox) {
    lines.push(`Firefox P1 cold ready: ${round(pick(r.firefox.startup.cold, 'ready'))}`);
    lines.push(`Firefox P1 warm ready: ${round(pick(r.firefox.startup.warm, 'ready'))}`);
    lines.push(`Firefox P3 keystrokes: ${round(r.firefox.typing.samples)}`);
  }
  for (const [name, { folded, open }] of Object.entries(r.diagram ?? {})) {
    for (const key of ['matches', 'shown']) {
      lines.push(`R1 ${name} ${key} folded: ${round(pick(folded, key))}`);
      lines.push(`R1 ${name} ${key} open:   ${round(pick(open, key))}`);
    }
  }
  for (const [name, { samples, warmup, drawn }] of Object.entries(r.highlights ?? {})) {
    for (const mode of ['api', 'decorations']) {
      if (warmup !== undefined) {
        lines.push(
          `L ${name} ${mode} first after the paste: ${round(pick(warmup[mode], 'total'))}`,
        );
      }
      lines.push(
        `L ${name} ${mode} (${drawn[mode]} drawn): ${round(pick(samples[mode], 'total'))}`,
      );
    }
  }
  if (r.stock) lines.push(...stockRawLines(r.stock));
  for (const size of r.suites ?? []) {
    lines.push(`T1 ${size.count} cases (ms, in order): ${round(size.samples)}`);
    lines.push(`T2 ${size.count} cases, long tasks: ${round(size.longTasks) || 'none'}`);
  }
  return lines.join('\n');
}

/** The Markdown section for one run. */
export function runSection(r) {
  const info = r.engineInfo ?? {};
  return [
    `## ${r.heading}`,
    '',
    `${r.date}. Commit \`${r.commit}\`${r.dirty ? ', with uncommitted changes in its working tree' : ''}` +
      `${r.note ? `: ${r.note}` : ''}.`,
    '',
    `- Machine: ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.ram}, ${r.machine.os}; load average ` +
      `(1/5/15 min) ${r.machine.loadStart} at the start, ${r.machine.loadEnd} at the end; ` +
      `1-min load as each part began: ${Object.entries(r.loads)
        .map(([name, l]) => `${name} ${l.split(' ')[0]}`)
        .join(', ')}.`,
    `- Browser: ${r.browser}, headless. Pyodide ${info.pyodide ?? '?'} (Python ` +
      `${(info.python ?? '?').split(' ')[0]}), pyregex ${info.pyregex ?? '?'}; native: CPython ` +
      `${r.bigText.native.python}, pyregex ${r.bigText.native.pyregex}.`,
    `- ${r.runs} runs per figure (P3: ${r.typing.samples.length} keystrokes; ` +
      `${r.hugeText ? `P6: ${r.hugeText.samples.length} runs; ` : ''}` +
      `${r.stock ? `S1: ${r.stock.order.length} pairs; ` : ''}memory: ` +
      `${r.memory.at(-1).evaluations} evaluations). The bench took ${r.durationMin} min.`,
    '',
    figuresTable(r),
    '',
    ...(r.versions ? ['Python versions (issue 15):', '', versionsTable(r), ''] : []),
    ...(r.interpreter
      ? ['Step debugger (issue 16), the interpreter:', '', interpreterTable(r), '']
      : []),
    ...(r.debugger ? ['Step debugger (issue 16), the page:', '', debuggerTable(r), ''] : []),
    ...(r.diagram ? ['Railroad diagram (issue 18):', '', diagramTable(r), ''] : []),
    ...(r.highlights
      ? [
          'Match highlights, CSS highlights against decorations (issue 19):',
          '',
          highlightsTable(r),
          '',
        ]
      : []),
    ...(r.stock ? ['Versus stock Pyodide (issue 19):', '', stockTable(r), ''] : []),
    ...(r.firefox
      ? [`Firefox (${r.firefox.version}, headless, WebDriver BiDi):`, '', firefoxTable(r), '']
      : []),
    ...(r.firefoxStalled
      ? ['Firefox: its part stalled and gave up after 10 minutes; no figures in this run.', '']
      : []),
    'First visit, every response the server sent (first cold run; headers included):',
    '',
    resourcesTable(r),
    '',
    'Raw samples (ms unless stated):',
    '',
    '```',
    rawSamples(r),
    '```',
  ].join('\n');
}

/**
 * The whole file: `fixedText`, then every run's section of `old` (the file as it was) with the
 * section `id` replaced by (or added as) `section`, the starting point first.
 */
export function composeReport(old, id, section, fixedText) {
  const sections = new Map();
  for (const match of old.matchAll(
    /<!-- bench:begin (\S+) -->\n([\s\S]*?)\n<!-- bench:end \1 -->/g,
  )) {
    sections.set(match[1], match[2].trim());
  }
  sections.set(id, section.trim());
  const ordered = [...sections.entries()].sort(([a], [b]) =>
    a === 'start' ? -1 : b === 'start' ? 1 : a.localeCompare(b),
  );
  const body = ordered.map(
    ([key, text]) => `<!-- bench:begin ${key} -->\n\n${text}\n\n<!-- bench:end ${key} -->`,
  );
  return `${fixedText.trim()}\n\n${body.join('\n\n')}\n`;
}
