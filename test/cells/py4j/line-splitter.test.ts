import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../cells/py4j/index.ts';

describe('LineSplitter', () => {
  it('joins an answer split across two chunks', () => {
    const s = new LineSplitter();
    expect(s.push('!ysHel')).toEqual([]);
    expect(s.pending).toBe('!ysHel');
    expect(s.push('lo\n')).toEqual(['!ysHello']);
    expect(s.pending).toBe('');
  });

  it('returns several answers from one chunk and keeps the tail', () => {
    const s = new LineSplitter();
    expect(s.push('!yi1\n!yi2\n!yv\n!yro')).toEqual(['!yi1', '!yi2', '!yv']);
    expect(s.push('1\n')).toEqual(['!yro1']);
  });

  it('keeps escaped newlines inside one line', () => {
    const s = new LineSplitter();
    expect(s.push('!ysa\\nb\n')).toEqual(['!ysa\\nb']);
  });
});
