import { describe, expect, it } from 'vitest';
import { truncate } from '../../../notebook/view/truncate.ts';

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('a\nb\n', 10, 100)).toEqual({ shown: 'a\nb\n', hiddenLines: 0, hiddenChars: 0 });
  });

  it('cuts after the line limit and counts the hidden lines', () => {
    const text = Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join('');
    const cut = truncate(text, 3, 1000);
    expect(cut.shown).toBe('line 0\nline 1\nline 2\n');
    expect(cut.hiddenLines).toBe(7);
  });

  it('cuts a long line at the character limit', () => {
    const cut = truncate('x'.repeat(50), 10, 20);
    expect(cut.shown).toHaveLength(20);
    expect(cut.hiddenChars).toBe(30);
  });
});
