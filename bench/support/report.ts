/** One figure of a benchmark: its value, unit and, where the issue gives one, the target. */
export interface Figure {
  value: number;
  unit: string;
  target?: string;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Prints the one JSON line every scenario ends with. */
export function report(scenario: string, figures: Record<string, Figure>): void {
  const rounded = Object.fromEntries(Object.entries(figures).map(([name, f]) => [name, { ...f, value: round(f.value) }]));
  process.stdout.write(`${JSON.stringify({ scenario, figures: rounded })}\n`);
}
