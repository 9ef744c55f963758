import { describe, expect, it } from 'vitest';
import { freeName } from '../../../notebook/share/free-name.ts';

describe('freeName', () => {
  it('keeps a name nobody has', () => {
    expect(freeName('x.ipynb', new Set(['y.ipynb']))).toBe('x.ipynb');
  });

  it('numbers a taken name before its extension', () => {
    expect(freeName('x.ipynb', new Set(['x.ipynb']))).toBe('x-1.ipynb');
  });

  it('skips the numbered names that are taken too', () => {
    expect(freeName('x.ipynb', new Set(['x.ipynb', 'x-1.ipynb', 'x-2.ipynb']))).toBe('x-3.ipynb');
  });
});
