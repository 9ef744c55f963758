/**
 * Runs the code cells of one notebook in order on a kernel thread, writing
 * each cell's outputs and execution count into the document and printing a
 * status line per cell. Stops at the first failure unless errors are
 * allowed; a cell over the timeout fails with a timeout error, and if its
 * thread had to be terminated the rest runs on a fresh session.
 */
import type { CodeCell, NotebookDoc } from '../protocol/notebook-file.ts';
import type { CellOutput } from '../protocol/outputs.ts';
import { cellTitle, type CellReport } from './cell-report.ts';
import type { CellRun, KernelThread } from './kernel-thread.ts';

export interface NotebookRunOptions {
  allowErrors: boolean;
  timeoutMs: number | undefined;
  /** Opens a kernel session: at the start, and again after a timed-out cell took its thread down. */
  session(): Promise<KernelThread>;
  out(line: string): void;
  err(line: string): void;
}

export async function runNotebookCells(doc: NotebookDoc, options: NotebookRunOptions): Promise<CellReport[]> {
  const code = doc.cells.flatMap((cell, index) =>
    cell.cell_type === 'code' ? [{ cell, label: `cell ${index + 1}` }] : [],
  );
  for (const { cell } of code) {
    cell.outputs = [];
    cell.execution_count = null;
  }
  const reports: CellReport[] = [];
  let thread: KernelThread | null = null;
  let stopped = false;
  try {
    for (const { cell, label } of code) {
      if (stopped) {
        reports.push({ label, title: cellTitle(cell.source), status: 'not-run', durationMs: 0 });
        continue;
      }
      thread ??= await options.session();
      const run = await thread.run({ cellId: cell.id, source: cell.source, label }, options.timeoutMs);
      if (run.sessionLost) thread = null;
      const report = record(cell, label, run, options.timeoutMs);
      reports.push(report);
      printLine(report, run, options);
      if (report.status !== 'ok' && !options.allowErrors) stopped = true;
    }
  } finally {
    await thread?.close();
  }
  const notRun = reports.filter((r) => r.status === 'not-run').length;
  if (notRun > 0) {
    const at = reports.find((r) => r.status === 'failed' || r.status === 'timeout')!;
    options.out(`Stopped at ${at.label}; ${notRun} later code cell${notRun === 1 ? '' : 's'} not run.`);
  }
  return reports;
}

function record(cell: CodeCell, label: string, run: CellRun, timeoutMs: number | undefined): CellReport {
  const outputs: CellOutput[] = [...run.outputs];
  let error = outputs.find((o): o is Extract<CellOutput, { output_type: 'error' }> => o.output_type === 'error');
  if (run.status === 'timeout') {
    const seconds = (timeoutMs ?? 0) / 1000;
    const lost = run.sessionLost
      ? ' It did not stop when interrupted (a JavaScript loop?), so its session was ended: later cells run in a new session, without the variables of earlier ones.'
      : '';
    const timeout: Extract<CellOutput, { output_type: 'error' }> = {
      output_type: 'error',
      ename: 'TimeoutError',
      evalue: `${label} ran longer than the ${seconds} s timeout (--timeout).${lost}`,
      traceback: [`TimeoutError: ${label} ran longer than the ${seconds} s timeout (--timeout).${lost}`],
    };
    const index = error ? outputs.indexOf(error) : -1;
    if (index >= 0) outputs.splice(index, 1, timeout);
    else outputs.push(timeout);
    error = timeout;
  }
  cell.outputs = outputs;
  cell.execution_count = run.executionCount > 0 ? run.executionCount : null;
  const status = run.status === 'ok' ? 'ok' : run.status === 'timeout' ? 'timeout' : 'failed';
  return {
    label,
    title: cellTitle(cell.source),
    status,
    durationMs: run.durationMs,
    ...(error ? { error: { ename: error.ename, evalue: error.evalue, traceback: error.traceback } } : {}),
  };
}

function printLine(report: CellReport, run: CellRun, io: Pick<NotebookRunOptions, 'out' | 'err'>): void {
  const head = `${report.label} [${run.executionCount || ' '}] ${Math.round(report.durationMs)} ms`;
  if (report.status === 'ok') {
    io.out(`ok    ${head}`);
    return;
  }
  const what = report.error ? `${report.error.ename}: ${report.error.evalue}` : run.status;
  io.out(`${report.status === 'timeout' ? 'TIME' : 'FAIL'}  ${head}: ${what}`);
  if (report.error) io.err(report.error.traceback.join('\n'));
}
