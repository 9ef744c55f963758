/** What a run found for each code cell, for the console, the exit code and the JUnit report. */
export interface CellReport {
  /** How messages name the cell: `cell 3`, its position among all cells. */
  label: string;
  /** The cell's first non-empty line, cut short: a readable test name. */
  title: string;
  status: 'ok' | 'failed' | 'timeout' | 'not-run';
  durationMs: number;
  error?: { ename: string; evalue: string; traceback: string[] };
}

export interface NotebookReport {
  /** The notebook as the user named it on the command line. */
  name: string;
  cells: CellReport[];
}

export function cellTitle(source: string): string {
  const line =
    source
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? '(empty)';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
