import { describe, expect, it } from 'vitest';
import { compileCell } from '../../../cells/compile-cell.ts';
import type { DataFiles } from '../../../bench/lib/data-files.ts';
import { PER_CALL, TASKS, parseTimed, timedCell } from '../../../bench/lib/tasks.ts';

const data = { file: (n: number) => ({ path: `/tmp/bytes-${n}.bin`, checksum: 7 }) } as unknown as DataFiles;

describe('the benchmark tasks', () => {
  it('are the seven of issue 6, each a cell the kernel compiles', () => {
    expect(TASKS.map((t) => t.name)).toEqual([
      'fill_read_10k',
      'map_read_10k',
      'bytes_10mb',
      'resolve_static_2k',
      'sequential_append_5k',
      'temporaries_100k',
      'callback_sort_1k',
    ]);
    for (const task of TASKS) {
      for (const n of [task.size.quick, task.size.full]) {
        expect(() => compileCell(timedCell(task.cell(n, data)), { cellName: task.name })).not.toThrow();
        expect(task.ops(n)).toBeGreaterThan(0);
      }
    }
    expect(() => compileCell(timedCell(PER_CALL.pipelined(10)), { cellName: 'per-call' })).not.toThrow();
  });

  it('reads the timing line a timed cell prints last', () => {
    expect(parseTimed('other output\n{"ms":12.5,"check":"10000 9999"}\n')).toEqual({ ms: 12.5, check: '10000 9999' });
  });
});
