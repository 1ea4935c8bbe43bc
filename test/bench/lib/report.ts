/** One target from the issue, with the figure that decides it. */
export interface Target {
  name: string;
  goal: string;
  figure: string;
  status: 'met' | 'missed' | 'not measured' | 'reported';
}

/** What one benchmark contributes to BENCHMARKS.md. */
export interface Section {
  title: string;
  body: string;
  targets: Target[];
}

/** Renders a markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A section for a benchmark that could not run, saying why. */
export function skipped(
  title: string,
  reason: string,
  targets: Omit<Target, 'figure' | 'status'>[] = [],
): Section {
  return {
    title,
    body: `Not measured in this run: ${reason}`,
    targets: targets.map((t) => ({ ...t, figure: '—', status: 'not measured' as const })),
  };
}
