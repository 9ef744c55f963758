import { describe, expect, it } from 'vitest';
import { CommandFramer } from '../../../protocol/py4j/index.ts';
import { foreignId, namedIds, vetCallbackAnswer } from '../../../relay/session/id-check.ts';

function ids(wire: string): string[] {
  const [command] = new CommandFramer().push(wire);
  return namedIds(command!.lines);
}

describe('namedIds', () => {
  it('finds the target and the reference arguments of a call and a constructor', () => {
    expect(ids('c\no1\nadd\nro2\nsx\ni3\nlo4\ne\n')).toEqual(['o1', 'o2', 'o4']);
    expect(ids('i\njava.util.ArrayList\nro5\ne\n')).toEqual(['o5']);
  });

  it('finds the ids of fields, arrays, lists, help, dir, views, stack traces and deletes', () => {
    expect(ids('f\ng\no1\nsize\ne\n')).toEqual(['o1']);
    expect(ids('f\ns\no1\nsize\nro2\ne\n')).toEqual(['o1', 'o2']);
    expect(ids('a\ng\no2\ni0\ne\n')).toEqual(['o2']);
    expect(ids('a\ns\no2\ni0\nro3\ne\n')).toEqual(['o2', 'o3']);
    expect(ids('a\nl\no2\ni0\ni1\ne\n')).toEqual(['o2']);
    expect(ids('a\ne\no2\ne\n')).toEqual(['o2']);
    expect(ids('l\na\no3\no4\ne\n')).toEqual(['o3', 'o4']);
    expect(ids('l\nf\no3\nro5\ne\n')).toEqual(['o3', 'o5']);
    expect(ids('h\no\no1\nn\nbtrue\ne\n')).toEqual(['o1']);
    expect(ids('d\nm\no1\ne\n')).toEqual(['o1']);
    expect(ids('d\nv\nro7\nn\ne\n')).toEqual(['o7']);
    expect(ids('j\ni\nro7\njava.util.*\ne\n')).toEqual(['o7']);
    expect(ids('p\nro4\ne\n')).toEqual(['o4']);
    expect(ids('m\nd\no5\ne\n')).toEqual(['o5']);
  });

  it('leaves out special ids, class names and string values', () => {
    expect(ids('c\nz:java.lang.Math\nmax\ni3\ni4\ne\n')).toEqual([]);
    expect(ids('c\nGATEWAY_SERVER\ngetGateway\ne\n')).toEqual([]);
    expect(ids('c\nt\nrun\nrj\ne\n')).toEqual([]);
    expect(ids('r\nu\njava.lang\nrj\ne\n')).toEqual([]);
    expect(ids('d\ns\njava.lang.Math\ne\n')).toEqual([]);
    expect(ids('h\nc\njava.lang.String\nsro1\nbtrue\ne\n')).toEqual([]);
    expect(ids('a\nc\nsint\ni3\ne\n')).toEqual([]);
  });
});

describe('foreignId', () => {
  it('names the first id the session does not hold', () => {
    const held = { holds: (id: string) => id === 'o1' };
    expect(foreignId(['c', 'o1', 'add', 'ro19'], held)).toBe('o19');
    expect(foreignId(['c', 'o1', 'add', 'ro1'], held)).toBeNull();
  });
});

describe('vetCallbackAnswer', () => {
  const held = { holds: (id: string) => id === 'o1' };

  it('passes one well-formed answer line naming only held or special ids', () => {
    for (const answer of ['!yv\n', '!ysa\\rb\n', '!yro1\n', '!yrj\n', '!xsfailed\n'])
      expect(vetCallbackAnswer(answer, held)).toBe(answer);
  });

  it('replaces a malformed answer with an error', () => {
    for (const answer of ['!yv\r!xsinjected\n', '!yv\n!yv\n', '!yv', 42])
      expect(vetCallbackAnswer(answer, held)).toBe('!xsThe kernel sent a malformed callback answer.\n');
  });

  it('replaces an answer handing out an object of another session with an error', () => {
    expect(vetCallbackAnswer('!yro19\n', held)).toBe(
      '!xsThe jvm-notebook relay refused a callback answer naming "o19": it is not an object of this session.\n',
    );
    expect(vetCallbackAnswer('!ylo19\n', held)).toMatch(/^!xsThe jvm-notebook relay refused/);
  });
});
