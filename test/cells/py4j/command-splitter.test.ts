import { describe, expect, it } from 'vitest';
import { CommandSplitter } from '../../../cells/py4j/index.ts';

describe('CommandSplitter', () => {
  it('splits pipelined commands and keeps their exact text', () => {
    const s = new CommandSplitter();
    const out = s.push('c\no1\nadd\ni1\ne\nm\nd\no1\ne\n');
    expect(out.map((c) => c.text)).toEqual(['c\no1\nadd\ni1\ne\n', 'm\nd\no1\ne\n']);
    expect(out[1]?.lines).toEqual(['m', 'd', 'o1']);
    expect(s.midCommand).toBe(false);
  });

  it('waits for the end line of a command split across chunks', () => {
    const s = new CommandSplitter();
    expect(s.push('c\no1\nsi')).toEqual([]);
    expect(s.midCommand).toBe(true);
    expect(s.push('ze\ne')).toEqual([]);
    expect(s.push('\n')).toEqual([{ text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'] }]);
  });

  it('does not end a command on a string argument that starts with e', () => {
    const s = new CommandSplitter();
    expect(s.push('c\no1\nadd\nse\ne\n')[0]?.lines).toEqual(['c', 'o1', 'add', 'se']);
  });
});
