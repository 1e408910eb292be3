// Summaries of repeated timings: the median is the figure, min/max and the IQR are the noise.
export function summarize(samples) {
  const xs = [...samples].sort((a, b) => a - b);
  const q = (p) => {
    if (xs.length === 0) return NaN;
    const at = (xs.length - 1) * p;
    const lo = Math.floor(at);
    const hi = Math.ceil(at);
    return xs[lo] + (xs[hi] - xs[lo]) * (at - lo);
  };
  return { n: xs.length, median: q(0.5), min: xs[0], max: xs[xs.length - 1], q1: q(0.25), q3: q(0.75), iqr: q(0.75) - q(0.25), samples: samples.map((x) => round(x)) };
}

export function round(x, digits = 3) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `12.3 ms (11.9–13.0, IQR 0.4, n=9)` */
export function fmtMs(s) {
  if (!s || !Number.isFinite(s.median)) return 'n/a';
  const f = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return `${f(s.median)} ms (${f(s.min)}–${f(s.max)}, IQR ${f(s.iqr)}, n=${s.n})`;
}

export function ratio(a, b) {
  return a && b && Number.isFinite(a.median) && Number.isFinite(b.median) && b.median > 0 ? a.median / b.median : NaN;
}

export const now = () => performance.now();
