import { describe, expect, it } from 'vitest';
import { FrameLimitError, ReadLineSplitter } from '../../../protocol/py4j/index.ts';

const lf = (text: string) => ({ text, carriageReturn: false });
const cr = (text: string) => ({ text, carriageReturn: true });

describe('ReadLineSplitter', () => {
  it('ends lines at \\n, at a bare \\r and at \\r\\n, as BufferedReader.readLine does', () => {
    expect(new ReadLineSplitter().push('a\nb\rc\r\nd\r\re')).toEqual([lf('a'), cr('b'), cr('c'), cr('d'), cr('')]);
  });

  it('takes a \\r ending one chunk and a \\n starting the next as one line end', () => {
    const s = new ReadLineSplitter();
    expect(s.push('a\r')).toEqual([cr('a')]);
    expect(s.push('\nb\n')).toEqual([lf('b')]);
  });

  it('takes a \\r ending one chunk before an empty chunk and a \\n as one line end', () => {
    const s = new ReadLineSplitter();
    expect(s.push('a\r')).toEqual([cr('a')]);
    expect(s.push('')).toEqual([]);
    expect(s.push('\n')).toEqual([]);
    expect(s.push('b\n')).toEqual([lf('b')]);
  });

  it('joins a line split across chunks anywhere and counts what it holds', () => {
    const s = new ReadLineSplitter();
    expect(s.push('!ys')).toEqual([]);
    expect(s.push('Hel')).toEqual([]);
    expect(s.pendingChars).toBe(6);
    expect(s.push('lo\n!yv')).toEqual([lf('!ysHello')]);
    expect(s.pendingChars).toBe(3);
  });

  it('throws E_PY4J_LINE_TOO_LONG before holding more than its bound', () => {
    const s = new ReadLineSplitter(10);
    expect(s.push('x'.repeat(10))).toEqual([]);
    expect(() => s.push('x')).toThrow(FrameLimitError);
    expect(s.pendingChars).toBe(0);
    expect(() => new ReadLineSplitter(10).push(`${'x'.repeat(11)}\n`)).toThrow(
      expect.objectContaining({ code: 'E_PY4J_LINE_TOO_LONG' }),
    );
  });
});
