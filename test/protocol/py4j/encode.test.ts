import { describe, expect, it } from 'vitest';
import {
  connectionLostAnswer,
  errorAnswer,
  valueAnswer,
  voidAnswer,
  arrayCreateCommand,
  arrayGetCommand,
  arrayLengthCommand,
  arraySetCommand,
  authCommand,
  callCommand,
  constructorCommand,
  deleteCommand,
  dirCommand,
  encodeArg,
  fieldGetCommand,
  fieldSetCommand,
  helpClassCommand,
  helpObjectCommand,
  reflectMemberCommand,
  reflectNameCommand,
  stackTraceCommand,
} from '../../../protocol/py4j/index.ts';

describe('encodeArg', () => {
  it('encodes every argument type tag', () => {
    expect(encodeArg({ kind: 'null' })).toBe('n');
    expect(encodeArg({ kind: 'int', value: -42 })).toBe('i-42');
    expect(encodeArg({ kind: 'long', value: 9007199254740993n })).toBe('L9007199254740993');
    expect(encodeArg({ kind: 'double', value: 1.5 })).toBe('d1.5');
    expect(encodeArg({ kind: 'double', value: 1e21 })).toBe('d1e+21');
    expect(encodeArg({ kind: 'decimal', value: '3.14159265358979323846' })).toBe('D3.14159265358979323846');
    expect(encodeArg({ kind: 'bool', value: true })).toBe('btrue');
    expect(encodeArg({ kind: 'bool', value: false })).toBe('bfalse');
    expect(encodeArg({ kind: 'string', value: 'héllo' })).toBe('shéllo');
    expect(encodeArg({ kind: 'bytes', value: new Uint8Array([0, 1, 255]) })).toBe('jAAH/');
    expect(encodeArg({ kind: 'ref', id: 'o12', refKind: 'list' })).toBe('ro12');
    expect(encodeArg({ kind: 'proxy', id: 'p3', interfaces: ['java.lang.Runnable', 'java.io.Closeable'] })).toBe(
      'fp3;java.lang.Runnable;java.io.Closeable',
    );
  });

  it('spells the special doubles the way the server parses them', () => {
    expect(encodeArg({ kind: 'double', value: NaN })).toBe('dnan');
    expect(encodeArg({ kind: 'double', value: Infinity })).toBe('dinf');
    expect(encodeArg({ kind: 'double', value: -Infinity })).toBe('d-inf');
  });

  it('escapes backslashes, newlines and carriage returns in strings', () => {
    expect(encodeArg({ kind: 'string', value: 'a\\b\nc\rd' })).toBe('sa\\\\b\\nc\\rd');
    expect(encodeArg({ kind: 'string', value: '' })).toBe('s');
  });
});

describe('commands', () => {
  it('builds a call with its arguments, one per line', () => {
    expect(
      callCommand('o1', 'add', [
        { kind: 'int', value: 1 },
        { kind: 'string', value: 'x' },
      ]),
    ).toBe('c\no1\nadd\ni1\nsx\ne\n');
    expect(callCommand('z:java.lang.Math', 'max', [])).toBe('c\nz:java.lang.Math\nmax\ne\n');
  });

  it('builds constructor, field, reflection and memory commands', () => {
    expect(constructorCommand('java.util.ArrayList', [])).toBe('i\njava.util.ArrayList\ne\n');
    expect(fieldGetCommand('o3', 'x')).toBe('f\ng\no3\nx\ne\n');
    expect(fieldSetCommand('o3', 'x', { kind: 'int', value: 7 })).toBe('f\ns\no3\nx\ni7\ne\n');
    expect(reflectNameCommand('java.util.List')).toBe('r\nu\njava.util.List\nrj\ne\n');
    expect(reflectMemberCommand('java.lang.Integer', 'MAX_VALUE')).toBe('r\nm\njava.lang.Integer\nMAX_VALUE\ne\n');
    expect(deleteCommand('o9')).toBe('m\nd\no9\ne\n');
  });

  it('builds array commands', () => {
    expect(arrayCreateCommand('int', [3])).toBe('a\nc\nsint\ni3\ne\n');
    expect(arrayCreateCommand('java.lang.String', [2, 4])).toBe('a\nc\nsjava.lang.String\ni2\ni4\ne\n');
    expect(arrayGetCommand('o1', 2)).toBe('a\ng\no1\ni2\ne\n');
    expect(arraySetCommand('o1', 0, { kind: 'string', value: 'a' })).toBe('a\ns\no1\ni0\nsa\ne\n');
    expect(arrayLengthCommand('o1')).toBe('a\ne\no1\ne\n');
  });

  it('builds help, dir and stack trace commands', () => {
    expect(helpObjectCommand('o1')).toBe('h\no\no1\nn\nbtrue\ne\n');
    expect(helpClassCommand('java.lang.Math', 'sq*')).toBe('h\nc\njava.lang.Math\nssq*\nbtrue\ne\n');
    expect(dirCommand('methods', 'o1')).toBe('d\nm\no1\ne\n');
    expect(dirCommand('fields', 'o1')).toBe('d\nf\no1\ne\n');
    expect(dirCommand('static', 'java.lang.Math')).toBe('d\ns\njava.lang.Math\ne\n');
    expect(stackTraceCommand('o5')).toBe('p\nro5\ne\n');
  });

  it('authenticates without an end-of-command line', () => {
    expect(authCommand('s3cr\\t')).toBe('A\ns3cr\\\\t\n');
  });
});

describe('answers built by our side', () => {
  it('writes error, void and value answers as the JVM reads them', () => {
    expect(errorAnswer('bad\nthing \\ here')).toBe('!xsbad\\nthing \\\\ here\n');
    expect(voidAnswer()).toBe('!yv\n');
    expect(valueAnswer({ kind: 'int', value: 42 })).toBe('!yi42\n');
    expect(valueAnswer({ kind: 'string', value: 'a\rb' })).toBe('!ysa\\rb\n');
    expect(connectionLostAnswer('read timeout')).toBe(
      '!xsThe connection to the JVM closed before this call was answered (read timeout); the session goes on, and the next call opens a new connection.\n',
    );
  });
});
