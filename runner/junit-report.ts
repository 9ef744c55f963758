/**
 * The JUnit XML report of a run: one `<testsuite>` per notebook, one
 * `<testcase>` per code cell, the error and its Java stack trace in
 * `<failure>`, cells not run as `<skipped>`. CI systems read this format to
 * show which cell of which notebook failed.
 */
import type { CellReport, NotebookReport } from './cell-report.ts';

export function junitReport(notebooks: readonly NotebookReport[]): string {
  const all = notebooks.flatMap((n) => n.cells);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jvm-notebook run" tests="${all.length}" failures="${count(all, 'failed') + count(all, 'timeout')}" skipped="${count(all, 'not-run')}" time="${seconds(all)}">`,
  ];
  for (const notebook of notebooks) {
    const cells = notebook.cells;
    lines.push(
      `  <testsuite name="${xml(notebook.name)}" tests="${cells.length}" failures="${count(cells, 'failed') + count(cells, 'timeout')}" skipped="${count(cells, 'not-run')}" time="${seconds(cells)}">`,
    );
    for (const cell of cells) lines.push(...testcase(notebook.name, cell));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(notebook: string, cell: CellReport): string[] {
  const head = `    <testcase classname="${xml(notebook)}" name="${xml(`${cell.label}: ${cell.title}`)}" time="${(cell.durationMs / 1000).toFixed(3)}"`;
  if (cell.status === 'ok') return [`${head}/>`];
  if (cell.status === 'not-run')
    return [`${head}>`, '      <skipped message="not run: an earlier cell failed"/>', '    </testcase>'];
  const message = cell.error ? `${cell.error.ename}: ${cell.error.evalue}` : cell.status;
  const type = cell.status === 'timeout' ? 'Timeout' : (cell.error?.ename ?? 'Error');
  const trace = cell.error?.traceback.join('\n') ?? message;
  return [
    `${head}>`,
    `      <failure message="${xml(message)}" type="${xml(type)}">${xml(trace)}</failure>`,
    '    </testcase>',
  ];
}

function count(cells: readonly CellReport[], status: CellReport['status']): number {
  return cells.filter((cell) => cell.status === status).length;
}

function seconds(cells: readonly CellReport[]): string {
  return (cells.reduce((sum, cell) => sum + cell.durationMs, 0) / 1000).toFixed(3);
}

/** Escapes text for XML, dropping ANSI colour codes and the control characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
