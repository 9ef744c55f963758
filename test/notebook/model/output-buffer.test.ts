import { describe, expect, it } from 'vitest';
import { appendCapped } from '../../../notebook/model/output-buffer.ts';

describe('appendCapped', () => {
  it('merges stream text of the same stream', () => {
    let outputs = appendCapped([], { output_type: 'stream', name: 'stdout', text: 'a\n' });
    outputs = appendCapped(outputs, { output_type: 'stream', name: 'stdout', text: 'b\n' });
    expect(outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'a\nb\n' }]);
  });

  it('keeps at most the cap of stream text and says the rest was cut', () => {
    let outputs = appendCapped([], { output_type: 'stream', name: 'stdout', text: '12345' }, 8);
    outputs = appendCapped(outputs, { output_type: 'stream', name: 'stdout', text: '67890' }, 8);
    expect(outputs[0]).toEqual({ output_type: 'stream', name: 'stdout', text: '12345678' });
    expect(outputs[1]).toMatchObject({ name: 'stderr', text: expect.stringContaining('output cut') });
    const same = appendCapped(outputs, { output_type: 'stream', name: 'stdout', text: 'more' }, 8);
    expect(same).toBe(outputs);
  });

  it('always keeps results and errors', () => {
    const full = appendCapped([], { output_type: 'stream', name: 'stdout', text: 'x'.repeat(20) }, 4);
    const next = appendCapped(full, { output_type: 'error', ename: 'E', evalue: 'v', traceback: [] }, 4);
    expect(next.at(-1)).toMatchObject({ output_type: 'error' });
  });
});
