/**
 * A cell's last run timing, kept in the notebook file the way JupyterLab records
 * it (its "record timing" setting): cell metadata `execution`, with the time the
 * kernel took the code (`iopub.execute_input`) and the time it replied
 * (`shell.execute_reply`), as ISO 8601 timestamps. JupyterLab and other Jupyter
 * tools show the difference of the two as the cell's duration, and so do we after
 * a reload.
 */
export interface ExecutionTiming {
  'iopub.execute_input': string;
  'shell.execute_reply': string;
}

/** The timing of a run that took `durationMs` and finished at `endedAt` (ms since the epoch). */
export function executionTiming(endedAt: number, durationMs: number): ExecutionTiming {
  return {
    'iopub.execute_input': new Date(endedAt - durationMs).toISOString(),
    'shell.execute_reply': new Date(endedAt).toISOString(),
  };
}

/** The duration recorded in a cell's metadata, or null when there is none (or it does not parse). */
export function recordedDuration(metadata: Readonly<Record<string, unknown>>): number | null {
  const execution = metadata['execution'];
  if (typeof execution !== 'object' || execution === null) return null;
  const timing = execution as Record<string, unknown>;
  const start = Date.parse(String(timing['iopub.execute_input']));
  const end = Date.parse(String(timing['shell.execute_reply']));
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}
