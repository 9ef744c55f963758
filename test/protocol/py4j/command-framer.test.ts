import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandFramer, FrameLimitError } from '../../../protocol/py4j/index.ts';
import { KERNEL_COMMANDS } from '../../support/kernel-commands.ts';

describe('CommandFramer', () => {
  it('cuts pipelined commands of every allowed shape and keeps their exact text', () => {
    const commands = new CommandFramer().push(KERNEL_COMMANDS.join(''));
    expect(commands.map((c) => c.text)).toEqual(KERNEL_COMMANDS);
    expect(commands.every((c) => !c.carriageReturn)).toBe(true);
  });

  it('reads the array length subcommand `e` as a subcommand, not as an end line', () => {
    expect(new CommandFramer().push('a\ne\no2\ne\nc\no1\nsize\ne\n')).toEqual([
      { text: 'a\ne\no2\ne\n', lines: ['a', 'e', 'o2'], carriageReturn: false },
      { text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'], carriageReturn: false },
    ]);
  });

  it('reads a method, field or member named e as a name', () => {
    const commands = new CommandFramer().push('c\no1\ne\ne\nc\no1\ne\ni1\ne\nf\ng\no1\ne\ne\nr\nm\nx.Y\ne\ne\n');
    expect(commands.map((c) => c.lines)).toEqual([
      ['c', 'o1', 'e'],
      ['c', 'o1', 'e', 'i1'],
      ['f', 'g', 'o1', 'e'],
      ['r', 'm', 'x.Y', 'e'],
    ]);
  });

  it('waits for the end of a command split across chunks, anywhere', () => {
    const framer = new CommandFramer();
    expect(framer.push('a\n')).toEqual([]);
    expect(framer.push('e')).toEqual([]);
    expect(framer.push('\no2\n')).toEqual([]);
    expect(framer.midCommand).toBe(true);
    expect(framer.push('e')).toEqual([]);
    expect(framer.push('\n')).toEqual([{ text: 'a\ne\no2\ne\n', lines: ['a', 'e', 'o2'], carriageReturn: false }]);
    expect(framer.midCommand).toBe(false);
  });

  it('ends a fixed-size command where the gateway does, keeping a stray line for the guard to refuse', () => {
    const commands = new CommandFramer().push('p\nro1\nz\n127.0.0.1\ne\nc\no1\nsize\ne\n');
    expect(commands.map((c) => c.lines)).toEqual([['p', 'ro1', 'z'], ['127.0.0.1'], ['c', 'o1', 'size']]);
  });

  it('ends an argument list at an empty line, as the gateway does', () => {
    const commands = new CommandFramer().push('c\no1\nadd\n\ne\n');
    expect(commands.map((c) => c.lines)).toEqual([['c', 'o1', 'add', ''], []]);
  });

  it('reads the auth command as the gateway does: a token line and no end line', () => {
    expect(new CommandFramer().push('A\nsecret\nc\no1\nsize\ne\n').map((c) => c.lines)).toEqual([
      ['A', 'secret'],
      ['c', 'o1', 'size'],
    ]);
  });

  it('ends an unknown command, or a bare `e` where a subcommand belongs, at the first end line', () => {
    expect(new CommandFramer().push('s\ne\nz\nhost\ni1\ne\nm\ne\n').map((c) => c.lines)).toEqual([
      ['s'],
      ['z', 'host', 'i1'],
      ['m'],
    ]);
  });
});

describe('CommandFramer and carriage returns', () => {
  it('ends lines where BufferedReader.readLine does: at `\\n`, at a bare `\\r`, and at `\\r\\n` taken as one', () => {
    const commands = new CommandFramer().push('m\nd\nj\rx\ne\nc\r\no1\rsize\r\ne\n');
    // The gateway reads `x` as the end of `m d j` without looking at it, then `e` as an empty command.
    expect(commands).toEqual([
      { text: 'm\nd\nj\nx\n', lines: ['m', 'd', 'j', 'x'], carriageReturn: true },
      { text: 'e\n', lines: [], carriageReturn: false },
      { text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'], carriageReturn: true },
    ]);
  });

  it('reads a `\\r` ending one chunk and a `\\n` starting the next as one line end', () => {
    const framer = new CommandFramer();
    expect(framer.push('c\no1\r')).toEqual([]);
    expect(framer.push('\nsize\ne\nc\no2\nsize\ne\n')).toEqual([
      { text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'], carriageReturn: true },
      { text: 'c\no2\nsize\ne\n', lines: ['c', 'o2', 'size'], carriageReturn: false },
    ]);
  });

  it('reads a `\\r` ending a chunk before a line that does not start with `\\n` as a line end', () => {
    const framer = new CommandFramer();
    expect(framer.push('c\no1\r')).toEqual([]);
    expect(framer.push('size\ne\n')).toEqual([
      { text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'], carriageReturn: true },
    ]);
  });

  it('keeps an escaped carriage return (backslash r) inside a string value', () => {
    expect(new CommandFramer().push('c\no1\nadd\nsa\\rb\ne\n')).toEqual([
      { text: 'c\no1\nadd\nsa\\rb\ne\n', lines: ['c', 'o1', 'add', 'sa\\rb'], carriageReturn: false },
    ]);
  });
});

describe('CommandFramer work and bounds', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('searches each character once when a long line arrives in many small chunks', () => {
    const framer = new CommandFramer();
    const chunk = 'x'.repeat(1000);
    let searched = 0;
    const exec = RegExp.prototype.exec;
    vi.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, input: string) {
      const from = this.lastIndex;
      const match = exec.call(this, input);
      searched += (match === null ? input.length : match.index + match[0].length) - from;
      return match;
    });
    let early = 0;
    early += framer.push('c\no1\nadd\ns').length;
    for (let i = 0; i < 1000; i++) early += framer.push(chunk).length;
    const [command] = framer.push('\ne\n');
    vi.restoreAllMocks();
    expect(early).toBe(0);
    expect(command?.lines[3]).toHaveLength(1 + 1000 * 1000);
    expect(searched).toBe('c\no1\nadd\ns'.length + 1000 * 1000 + '\ne\n'.length);
  });

  it('throws a line-too-long error from the chunk that crosses the bound, before keeping it', () => {
    const framer = new CommandFramer({ maxCommandChars: 1000 });
    expect(framer.push('c\no1\nadd\ns')).toEqual([]);
    const error = (() => {
      try {
        framer.push('x'.repeat(5000));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FrameLimitError);
    expect(error).toMatchObject({ code: 'E_PY4J_LINE_TOO_LONG', limit: 1000 });
  });

  it('throws a command-too-large error once the lines of one command pass the bound', () => {
    const framer = new CommandFramer({ maxCommandChars: 1000 });
    const arg = `s${'x'.repeat(99)}\n`;
    framer.push('c\no1\nadd\n');
    for (let i = 0; i < 9; i++) framer.push(arg);
    expect(() => framer.push(arg)).toThrow(
      expect.objectContaining({ name: 'FrameLimitError', code: 'E_PY4J_COMMAND_TOO_LARGE' }),
    );
  });

  it('bounds each command, not the stream: many commands each under the bound pass', () => {
    const framer = new CommandFramer({ maxCommandChars: 100 });
    const command = 'c\no1\nsize\ne\n';
    expect(framer.push(command.repeat(1000))).toHaveLength(1000);
  });
});
