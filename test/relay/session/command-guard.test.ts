import { describe, expect, it } from 'vitest';
import { CommandFramer, decodeAnswer } from '../../../protocol/py4j/index.ts';
import { guardCommand } from '../../../relay/session/command-guard.ts';
import { KERNEL_COMMANDS } from '../../support/kernel-commands.ts';

/** Frames wire text the way the relay does and judges each command. */
function judge(wire: string) {
  return new CommandFramer().push(wire).map((command) => guardCommand(command));
}

function refusal(wire: string): string {
  const verdicts = judge(wire);
  const [verdict] = verdicts;
  if (verdicts.length !== 1 || !verdict || verdict.allowed)
    throw new Error(`expected ${JSON.stringify(wire)} to be one refused command`);
  return verdict.answer;
}

describe('guardCommand', () => {
  it('allows every command shape the kernel sends', () => {
    const commands = new CommandFramer().push(KERNEL_COMMANDS.join(''));
    expect(commands.map((c) => guardCommand(c))).toEqual(KERNEL_COMMANDS.map(() => ({ allowed: true })));
  });

  it('allows a method, field or member named e', () => {
    const commands = new CommandFramer().push('c\no1\ne\ne\nc\no1\ne\ni1\ne\nf\ng\no1\ne\ne\nr\nm\nx.Y\ne\ne\n');
    expect(commands.map((c) => guardCommand(c).allowed)).toEqual([true, true, true, true]);
  });

  it('refuses a fixed-size command with a stray line, and the stray line', () => {
    const commands = new CommandFramer().push('p\nro1\nz\n127.0.0.1\ne\nc\no1\nsize\ne\n');
    expect(commands.map((c) => guardCommand(c).allowed)).toEqual([false, false, true]);
  });

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

  it('refuses an argument list cut short by an empty line', () => {
    expect(refusal('c\no1\nadd\n\n')).toContain("a malformed 'c' command: an empty line where an argument belongs");
  });

  it('refuses an empty command', () => {
    expect(refusal('e\n')).toContain('an empty command');
  });

  it('refuses a command of the wrong shape', () => {
    expect(refusal('f\ng\no1\nsize\nextra\n')).toContain(
      "a malformed 'f g' command: it takes exactly 3 lines after its name",
    );
    expect(guardCommand({ lines: ['c', 'o1'], carriageReturn: false })).toMatchObject({
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

  it('refuses each command with a raw carriage return in the place the gateway would answer it', () => {
    expect(judge('m\nd\nj\rx\ne\nc\no1\nsize\ne\n').map((v) => v.allowed)).toEqual([false, false, true]);
    expect(refusal('s\re\n')).toBe(
      '!xsThe jvm-notebook relay refused a command with a raw carriage return: the gateway ends a line there (BufferedReader.readLine), and string values escape it as \\\\r.\n',
    );
  });

  it("refuses a command naming an id the session does not hold, and allows the session's own and special ids", () => {
    const held = { holds: (id: string) => id === 'o1' };
    const [command] = new CommandFramer().push('c\no19\ntoString\ne\n');
    expect(guardCommand(command!, held)).toEqual({
      allowed: false,
      reason: 'The jvm-notebook relay refused a command naming "o19": "o19" is not an object of this session.',
      answer: '!xsThe jvm-notebook relay refused a command naming "o19": "o19" is not an object of this session.\n',
    });
    for (const wire of ['c\no1\nadd\nro1\ne\n', 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n', 'r\nu\njava\nrj\ne\n'])
      expect(guardCommand(new CommandFramer().push(wire)[0]!, held)).toEqual({ allowed: true });
    expect(guardCommand(new CommandFramer().push('m\nd\no2\ne\n')[0]!, held).allowed).toBe(false);
  });
});
