/** Medians of repeated runs: the figure reported, with the runs it came from. */

export interface Figure {
  median: number;
  runs: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function figure(values: readonly number[], digits = 2): Figure {
  const scale = 10 ** digits;
  const round = (v: number) => Math.round(v * scale) / scale;
  return { median: round(median(values)), runs: values.map(round) };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
