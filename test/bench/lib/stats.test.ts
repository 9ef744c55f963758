import { describe, expect, it } from 'vitest';
import { figure, median } from '../../../bench/lib/stats.ts';

describe('median', () => {
  it('takes the middle run, or the mean of the two middle runs', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no runs', () => {
    expect(median([])).toBeNaN();
  });
});

describe('figure', () => {
  it('keeps the runs next to the median, rounded alike', () => {
    expect(figure([1.234, 5.678, 3.456], 1)).toEqual({ median: 3.5, runs: [1.2, 5.7, 3.5] });
  });
});
