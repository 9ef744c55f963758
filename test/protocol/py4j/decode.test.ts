import { describe, expect, it } from 'vitest';
import { AnswerFormatError, decodeAnswer, decodeValue } from '../../../protocol/py4j/index.ts';

describe('decodeAnswer', () => {
  it('decodes every value tag', () => {
    expect(decodeAnswer('!yv')).toEqual({ type: 'value', value: { kind: 'void' } });
    expect(decodeAnswer('!yn')).toEqual({ type: 'value', value: { kind: 'null' } });
    expect(decodeAnswer('!yi-7')).toEqual({ type: 'value', value: { kind: 'int', value: -7 } });
    expect(decodeAnswer('!yL9223372036854775807')).toEqual({
      type: 'value',
      value: { kind: 'long', value: 9223372036854775807n },
    });
    expect(decodeAnswer('!yd1.0E10')).toEqual({ type: 'value', value: { kind: 'double', value: 1e10 } });
    expect(decodeAnswer('!yD0.1000000000000000000001')).toEqual({
      type: 'value',
      value: { kind: 'decimal', value: '0.1000000000000000000001' },
    });
    expect(decodeAnswer('!ybtrue')).toEqual({ type: 'value', value: { kind: 'bool', value: true } });
    expect(decodeAnswer('!ybfalse')).toEqual({ type: 'value', value: { kind: 'bool', value: false } });
    expect(decodeAnswer('!ysa\\nb')).toEqual({ type: 'value', value: { kind: 'string', value: 'a\nb' } });
    expect(decodeAnswer('!ys')).toEqual({ type: 'value', value: { kind: 'string', value: '' } });
    expect(decodeAnswer('!yjAAH/')).toEqual({
      type: 'value',
      value: { kind: 'bytes', value: new Uint8Array([0, 1, 255]) },
    });
  });

  it('decodes the special doubles', () => {
    expect(decodeValue('dNaN')).toEqual({ kind: 'double', value: NaN });
    expect(decodeValue('dInfinity')).toEqual({ kind: 'double', value: Infinity });
    expect(decodeValue('d-Infinity')).toEqual({ kind: 'double', value: -Infinity });
    expect(decodeValue('dinf')).toEqual({ kind: 'double', value: Infinity });
  });

  it('decodes each reference tag to its kind', () => {
    expect(decodeAnswer('!yro1')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o1', refKind: 'object' } });
    expect(decodeAnswer('!ylo0')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o0', refKind: 'list' } });
    expect(decodeAnswer('!yho2')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o2', refKind: 'set' } });
    expect(decodeAnswer('!yao3')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o3', refKind: 'map' } });
    expect(decodeAnswer('!yto4')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o4', refKind: 'array' } });
    expect(decodeAnswer('!ygo5')).toEqual({ type: 'value', value: { kind: 'ref', id: 'o5', refKind: 'iterator' } });
  });

  it('decodes reflection answers', () => {
    expect(decodeAnswer('!yp')).toEqual({ type: 'package' });
    expect(decodeAnswer('!ycjava.util.Map$Entry')).toEqual({ type: 'class', fqn: 'java.util.Map$Entry' });
    expect(decodeAnswer('!ym')).toEqual({ type: 'method' });
    expect(decodeAnswer('!yo')).toEqual({ type: 'no-member' });
  });

  it('decodes Java exceptions, gateway errors and fatal errors', () => {
    expect(decodeAnswer('!xro7')).toEqual({ type: 'java-exception', id: 'o7' });
    expect(decodeAnswer('!xspy4j.Py4JException: Method x([]) does not exist\\n\tat A')).toEqual({
      type: 'gateway-error',
      message: 'py4j.Py4JException: Method x([]) does not exist\n\tat A',
    });
    expect(decodeAnswer('!x').type).toBe('gateway-error');
    expect(decodeAnswer('!zsboom')).toEqual({ type: 'fatal', message: 'boom' });
  });

  it('rejects malformed answers with a clear error', () => {
    expect(() => decodeAnswer('yv')).toThrow(AnswerFormatError);
    expect(() => decodeAnswer('!q')).toThrow(/Malformed Py4J answer/);
    expect(() => decodeAnswer('!yr')).toThrow(AnswerFormatError);
  });
});
