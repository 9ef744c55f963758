import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../protocol/py4j/index.ts';

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

describe('LineSplitter with long lines', () => {
  it('joins one line spread over many chunks, and keeps lines after it', () => {
    const s = new LineSplitter();
    for (let i = 0; i < 100; i++) expect(s.push('x'.repeat(1000))).toEqual([]);
    expect(s.push('y\n!yv\n!yi')).toEqual(['x'.repeat(100_000) + 'y', '!yv']);
    expect(s.pending).toBe('!yi');
    expect(s.push('2\n')).toEqual(['!yi2']);
  });
});
