import { describe, expect, it } from 'vitest';
import { callbackCommandLines, callbackCommandText, parseCallbackCommand } from '../../../protocol/py4j/index.ts';

describe('parseCallbackCommand', () => {
  it('parses a call with tagged arguments, references included', () => {
    expect(parseCallbackCommand(['c', 'pabc_1', 'apply', 'ro5', 'sx\\ny', 'i3', 'lo6'])).toEqual({
      kind: 'call',
      objectId: 'pabc_1',
      method: 'apply',
      args: [
        { kind: 'ref', id: 'o5', refKind: 'object' },
        { kind: 'string', value: 'x\ny' },
        { kind: 'int', value: 3 },
        { kind: 'ref', id: 'o6', refKind: 'list' },
      ],
    });
  });

  it('parses the proxy garbage-collected command', () => {
    expect(parseCallbackCommand(['g', 'pabc_1'])).toEqual({ kind: 'gc', objectId: 'pabc_1' });
  });

  it('throws E_PY4J_CALLBACK_COMMAND for anything else', () => {
    for (const lines of [[], ['c'], ['c', 'p1'], ['x', 'p1', 'm'], ['g', 'p1', 'extra'], ['c', 'p1', 'm', 'qbad']])
      expect(() => parseCallbackCommand(lines)).toThrow(expect.objectContaining({ code: 'E_PY4J_CALLBACK_COMMAND' }));
  });
});

describe('callback command text', () => {
  it('turns lines into wire text and back', () => {
    expect(callbackCommandText(['c', 'p1', 'run'])).toBe('c\np1\nrun\ne\n');
    expect(callbackCommandLines('c\np1\nrun\ne\n')).toEqual(['c', 'p1', 'run']);
  });
});
