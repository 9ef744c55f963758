import { describe, expect, it } from 'vitest';
import { executionTiming, recordedDuration } from '../../../notebook/model/execution-timing.ts';

describe('execution timing', () => {
  it('writes the start and the reply of a run as JupyterLab does', () => {
    expect(executionTiming(Date.UTC(2026, 0, 1, 12, 0, 1, 500), 1250)).toEqual({
      'iopub.execute_input': '2026-01-01T12:00:00.250Z',
      'shell.execute_reply': '2026-01-01T12:00:01.500Z',
    });
  });

  it('reads back the duration it wrote', () => {
    expect(recordedDuration({ execution: executionTiming(Date.UTC(2026, 0, 1), 42) })).toBe(42);
  });

  it('reads the timing JupyterLab writes, with its other timestamps', () => {
    const metadata = {
      execution: {
        'iopub.status.busy': '2024-05-01T10:00:00.001Z',
        'iopub.execute_input': '2024-05-01T10:00:00.010Z',
        'shell.execute_reply': '2024-05-01T10:00:02.020Z',
        'iopub.status.idle': '2024-05-01T10:00:02.030Z',
      },
    };
    expect(recordedDuration(metadata)).toBe(2010);
  });

  it('has no duration without a timing, or with one that does not parse or runs backwards', () => {
    expect(recordedDuration({})).toBeNull();
    expect(recordedDuration({ execution: 'soon' })).toBeNull();
    expect(recordedDuration({ execution: { 'iopub.execute_input': 'x', 'shell.execute_reply': 'y' } })).toBeNull();
    expect(
      recordedDuration({
        execution: { 'iopub.execute_input': '2024-05-01T10:00:02Z', 'shell.execute_reply': '2024-05-01T10:00:01Z' },
      }),
    ).toBeNull();
  });
});
