import { describe, expect, it } from 'vitest';
import { isComplete, parseOptions } from '../../../bench/lib/options.ts';

describe('parseOptions', () => {
  it('runs everything three times by default', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({ quick: false, runs: 3, skipUi: false, only: null, out: null });
    expect(isComplete(options)).toBe(true);
  });

  it('makes --quick one run unless --runs says otherwise', () => {
    expect(parseOptions(['--quick']).runs).toBe(1);
    expect(parseOptions(['--quick', '--runs', '2']).runs).toBe(2);
  });

  it('marks --only and --clients runs as partial', () => {
    expect(isComplete(parseOptions(['--only', 'per-call,bytes_10mb']))).toBe(false);
    expect(parseOptions(['--clients', 'node,python']).clients).toEqual(['node', 'python']);
    expect(isComplete(parseOptions(['--clients', 'node']))).toBe(false);
  });

  it('refuses unknown options, unknown clients and a bad run count with the usage', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/Unknown option --fast[\s\S]*usage/);
    expect(() => parseOptions(['--clients', 'ruby'])).toThrow(/Unknown client ruby/);
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs needs a whole number/);
    expect(() => parseOptions(['--out'])).toThrow(/--out needs a value/);
  });
});
