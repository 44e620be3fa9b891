// Summaries and number formats for the benchmark's table: medians with min/max, percentiles by
// the nearest-rank method (no interpolation: every figure printed is a real sample), ms and bytes.
// Pure functions, no I/O.

const sorted = (values) => [...values].sort((a, b) => a - b);

/** The median (mean of the two middle samples for an even count). */
export function median(values) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The nearest-rank percentile p (0–100): the smallest sample with at least p% at or below it. */
export function percentile(values, p) {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function summary(values) {
  const s = sorted(values);
  return { median: median(s), min: s[0] ?? NaN, max: s.at(-1) ?? NaN, n: s.length };
}

/** "123 ms", "1.4 ms" below 10 ms, "—" when unknown. */
export function ms(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** "14.03 MB", "577 B", "24.8 kB" (decimal units, as browsers' network panels show them). */
export function bytes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} MB`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB`;
  return `${value} B`;
}

/** "median (min–max)" with `format` applied to each. */
export function spread(values, format = ms) {
  const { median: m, min, max } = summary(values);
  return `${format(m)} (${format(min)}–${format(max)})`;
}
