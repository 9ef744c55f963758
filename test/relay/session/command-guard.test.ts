import { describe, expect, it } from 'vitest';
import { decodeAnswer } from '../../../protocol/py4j/index.ts';
import { CommandFramer, guardCommand } from '../../../relay/session/command-guard.ts';

/** Frames wire text the way the relay does and judges each command. */
function judge(wire: string) {
  return new CommandFramer().push(wire).map((command) => guardCommand(command.lines));
}

function refusal(wire: string): string {
  const verdicts = judge(wire);
  const [verdict] = verdicts;
  if (verdicts.length !== 1 || !verdict || verdict.allowed)
    throw new Error(`expected ${JSON.stringify(wire)} to be one refused command`);
  return verdict.answer;
}

/** One of every command shape a kernel sends, as the codec encodes them. */
const KERNEL_COMMANDS = [
  'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n',
  'c\no1\ntoString\ne\n',
  'i\njava.util.ArrayList\ne\n',
  'f\ng\no1\nsize\ne\n',
  'f\ns\no1\nsize\ni3\ne\n',
  'r\nu\njava.lang\nrj\ne\n',
  'r\nm\njava.lang.Math\nPI\ne\n',
  'r\nc\njava.lang.String\ne\n',
  'a\ng\no2\ni0\ne\n',
  'a\ns\no2\ni0\ni5\ne\n',
  'a\nl\no2\ni0\ni1\ne\n',
  'a\ne\no2\ne\n',
  'a\nc\nsint\ni3\ne\n',
  'l\ns\no3\ne\n',
  'l\nl\no3\ni0\ni2\ne\n',
  'l\na\no3\no4\ne\n',
  'l\nm\no3\ni2\ne\n',
  'l\nf\no3\nsx\ne\n',
  'h\nc\njava.lang.String\nn\nbtrue\ne\n',
  'h\no\no1\nssize\nbtrue\ne\n',
  'd\nm\no1\ne\n',
  'd\ns\njava.lang.Math\ne\n',
  'd\nv\nj\nn\ne\n',
  'j\ni\nj\njava.util.*\ne\n',
  'j\nc\nview\ne\n',
  'p\nro4\ne\n',
  'm\nd\no5\ne\n',
];

describe('CommandFramer', () => {
  it('cuts pipelined commands of every allowed shape and keeps their exact text', () => {
    const commands = new CommandFramer().push(KERNEL_COMMANDS.join(''));
    expect(commands.map((c) => c.text)).toEqual(KERNEL_COMMANDS);
    expect(commands.map((c) => guardCommand(c.lines))).toEqual(KERNEL_COMMANDS.map(() => ({ allowed: true })));
  });

  it('reads the array length subcommand `e` as a subcommand, not as an end line', () => {
    expect(new CommandFramer().push('a\ne\no2\ne\nc\no1\nsize\ne\n')).toEqual([
      { text: 'a\ne\no2\ne\n', lines: ['a', 'e', 'o2'] },
      { text: 'c\no1\nsize\ne\n', lines: ['c', 'o1', 'size'] },
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
    expect(commands.map((c) => guardCommand(c.lines).allowed)).toEqual([true, true, true, true]);
  });

  it('waits for the end of a command split across chunks, anywhere', () => {
    const framer = new CommandFramer();
    expect(framer.push('a\n')).toEqual([]);
    expect(framer.push('e')).toEqual([]);
    expect(framer.push('\no2\n')).toEqual([]);
    expect(framer.midCommand).toBe(true);
    expect(framer.push('e')).toEqual([]);
    expect(framer.push('\n')).toEqual([{ text: 'a\ne\no2\ne\n', lines: ['a', 'e', 'o2'] }]);
    expect(framer.midCommand).toBe(false);
  });

  it('ends a fixed-size command where the gateway does, keeping a stray line for the guard to refuse', () => {
    const commands = new CommandFramer().push('p\nro1\nz\n127.0.0.1\ne\nc\no1\nsize\ne\n');
    expect(commands.map((c) => c.lines)).toEqual([['p', 'ro1', 'z'], ['127.0.0.1'], ['c', 'o1', 'size']]);
    expect(commands.map((c) => guardCommand(c.lines).allowed)).toEqual([false, false, true]);
  });

  it('ends an argument list at an empty line, as the gateway does', () => {
    const commands = new CommandFramer().push('c\no1\nadd\n\ne\n');
    expect(commands.map((c) => c.lines)).toEqual([['c', 'o1', 'add', ''], []]);
    expect(refusal('c\no1\nadd\n\n')).toContain("a malformed 'c' command: an empty line where an argument belongs");
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

describe('guardCommand', () => {
  it('refuses authentication: the relay authenticates itself', () => {
    expect(refusal('A\nsome-token\n')).toMatch(
      /^!xsThe jvm-notebook relay refused command 'A' \(authenticate\): .*token\.\n$/,
    );
  });

  it('refuses shutdown, cancel and quit, saying why', () => {
    expect(refusal('s\ne\n')).toContain("'s' (shut down the gateway)");
    expect(refusal('z\n127.0.0.1\ni25334\ne\n')).toContain('resets the connections of every client');
    expect(refusal('q\ne\n')).toContain("'q' (quit)");
  });

  it('refuses unknown commands and subcommands, naming them', () => {
    expect(refusal('S\no1\ne\n')).toBe(
      '!xsThe jvm-notebook relay refused unknown command "S": only c, i, f, r, m d, a, l, h, d, j and p are forwarded.\n',
    );
    expect(refusal(`${'x'.repeat(100)}\ne\n`)).toContain(`"${'x'.repeat(40)}…"`);
    expect(refusal('j\ns\nj\ne\n')).toContain(`unknown subcommand "s" of command 'j'`);
  });

  it('refuses an empty command', () => {
    expect(refusal('e\n')).toContain('an empty command');
  });

  it('refuses a command of the wrong shape', () => {
    expect(refusal('f\ng\no1\nsize\nextra\n')).toContain(
      "a malformed 'f g' command: it takes exactly 3 lines after its name",
    );
    expect(guardCommand(['c', 'o1'])).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("a malformed 'c' command: it needs 2 lines"),
    });
  });

  it('allows only the delete subcommand of m', () => {
    expect(refusal('m\na\no1\ne\n')).toContain(`memory subcommand "a": only 'm d' (delete) is allowed`);
    expect(refusal('m\ne\n')).toContain('memory subcommand ""');
  });

  it('never lets a special id be deleted', () => {
    for (const id of ['t', 'j', 'GATEWAY_SERVER', 'z:java.lang.Math']) {
      expect(refusal(`m\nd\n${id}\ne\n`)).toContain(`to delete "${id}" ('m d'): that id belongs to the gateway itself`);
    }
  });

  it('answers with one escaped error line that decodes to the reason', () => {
    const [verdict] = judge('bad\\name\ne\n');
    if (!verdict || verdict.allowed) throw new Error('expected a refusal');
    expect(verdict.answer.endsWith('\n')).toBe(true);
    expect(verdict.answer.slice(0, -1)).not.toContain('\n');
    expect(decodeAnswer(verdict.answer.slice(0, -1))).toEqual({ type: 'gateway-error', message: verdict.reason });
    expect(verdict.reason).toContain('"bad\\\\name"');
  });
});
