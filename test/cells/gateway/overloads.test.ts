import { describe, expect, it } from 'vitest';
import { chooseOverload, fitSignature, parseSignatures, rangeProblem } from '../../../cells/gateway/overloads.ts';
import { JavaRangeError } from '../../../cells/gateway/errors.ts';

const MATH = parseSignatures(
  [
    'public static double java.lang.Math.sqrt(double)',
    'public static int java.lang.Math.max(int,int)',
    'public static long java.lang.Math.max(long,long)',
    'public static double java.lang.Math.max(double,double)',
    'public static float java.lang.Math.max(float,float)',
  ].join('\n'),
);

describe('parseSignatures', () => {
  it('reads names and parameter types from Method#toString texts', () => {
    expect(
      parseSignatures('public static java.lang.String java.lang.String.format(java.lang.String,java.lang.Object[])'),
    ).toEqual([{ name: 'format', params: ['java.lang.String', 'java.lang.Object[]'] }]);
    expect(
      parseSignatures('public final void java.lang.Thread.join(long) throws java.lang.InterruptedException'),
    ).toEqual([{ name: 'join', params: ['long'] }]);
    expect(
      parseSignatures(
        'public java.util.Random()\npublic java.util.AbstractMap$SimpleEntry(java.lang.Object,java.lang.Object)',
      ),
    ).toEqual([
      { name: 'Random', params: [] },
      { name: 'AbstractMap$SimpleEntry', params: ['java.lang.Object', 'java.lang.Object'] },
    ]);
  });
});

describe('chooseOverload', () => {
  it('sends a JS integer to a double parameter as a double', () => {
    const fit = chooseOverload(MATH, 'sqrt', [{ kind: 'int', value: 16 }]);
    expect(fit?.fixed).toEqual([{ kind: 'double', value: 16 }]);
  });

  it('prefers the exact int overload over widening', () => {
    const fit = chooseOverload(MATH, 'max', [
      { kind: 'int', value: 3 },
      { kind: 'int', value: 4 },
    ]);
    expect(fit?.signature.params).toEqual(['int', 'int']);
  });

  it('picks the double overload for fractional numbers', () => {
    const fit = chooseOverload(MATH, 'max', [
      { kind: 'int', value: 3 },
      { kind: 'double', value: 4.5 },
    ]);
    expect(fit?.signature.params).toEqual(['double', 'double']);
    expect(fit?.fixed).toEqual([
      { kind: 'double', value: 3 },
      { kind: 'double', value: 4.5 },
    ]);
  });

  it('packs trailing arguments into an array for a varargs parameter', () => {
    const sigs = parseSignatures(
      'public static java.lang.String java.lang.String.format(java.lang.String,java.lang.Object[])\n' +
        'public static java.lang.String java.lang.String.format(java.util.Locale,java.lang.String,java.lang.Object[])',
    );
    const fit = chooseOverload(sigs, 'format', [
      { kind: 'string', value: '%d-%s' },
      { kind: 'int', value: 5 },
      { kind: 'string', value: 'x' },
    ]);
    expect(fit?.fixed).toEqual([{ kind: 'string', value: '%d-%s' }]);
    expect(fit?.packed).toEqual({
      componentType: 'java.lang.Object',
      elements: [
        { kind: 'int', value: 5 },
        { kind: 'string', value: 'x' },
      ],
    });
  });

  it('passes an empty varargs array when no trailing argument is given', () => {
    const fit = fitSignature({ name: 'of', params: ['java.lang.Object[]'] }, []);
    expect(fit?.packed).toEqual({ componentType: 'java.lang.Object', elements: [] });
  });

  it('sends a bigint to a long parameter and refuses it for an int one when it does not fit', () => {
    const sigs = [{ name: 'f', params: ['int'] }];
    expect(chooseOverload(sigs, 'f', [{ kind: 'long', value: 2n ** 40n }])).toBeNull();
    expect(fitSignature({ name: 'g', params: ['long'] }, [{ kind: 'int', value: 7 }])?.fixed).toEqual([
      { kind: 'long', value: 7n },
    ]);
  });

  it('passes a one-character string to a char parameter and null only to reference types', () => {
    expect(fitSignature({ name: 'c', params: ['char'] }, [{ kind: 'string', value: 'x' }])).not.toBeNull();
    expect(fitSignature({ name: 'c', params: ['char'] }, [{ kind: 'string', value: 'xy' }])).toBeNull();
    expect(fitSignature({ name: 'n', params: ['int'] }, [{ kind: 'null' }])).toBeNull();
    expect(fitSignature({ name: 'n', params: ['java.lang.Integer'] }, [{ kind: 'null' }])).not.toBeNull();
  });

  it('returns null when no candidate has the name', () => {
    expect(chooseOverload(MATH, 'nope', [])).toBeNull();
  });
});

describe('integral ranges', () => {
  const LONG_ONLY = parseSignatures('public static java.lang.Long java.lang.Long.valueOf(long)');
  const SMALL = parseSignatures('public void x.Y.put(byte)\npublic void x.Y.put(short)');

  it('does not fit a number past 2^63 to a long parameter', () => {
    expect(chooseOverload(LONG_ONLY, 'valueOf', [{ kind: 'double', value: 2 ** 63 }])).toBeNull();
    expect(chooseOverload(LONG_ONLY, 'valueOf', [{ kind: 'double', value: -(2 ** 63) }])?.fixed).toEqual([
      { kind: 'long', value: -(2n ** 63n) },
    ]);
  });

  it('names the value and the range of the parameter that it missed', () => {
    const error = rangeProblem(LONG_ONLY, 'valueOf', [{ kind: 'double', value: 2 ** 64 }]);
    expect(error).toBeInstanceOf(JavaRangeError);
    expect(error?.message).toBe(
      '18446744073709551616 does not fit in a Java long: from -9223372036854775808 to 9223372036854775807.',
    );
    expect(rangeProblem(LONG_ONLY, 'valueOf', [{ kind: 'int', value: 5 }])).toBeNull();
  });

  it('fits byte and short parameters only within their own ranges', () => {
    expect(chooseOverload(SMALL, 'put', [{ kind: 'int', value: 100 }])?.signature.params).toEqual(['byte']);
    expect(chooseOverload(SMALL, 'put', [{ kind: 'int', value: 200 }])?.signature.params).toEqual(['short']);
    expect(chooseOverload(SMALL, 'put', [{ kind: 'int', value: 40000 }])).toBeNull();
    expect(rangeProblem(SMALL, 'put', [{ kind: 'int', value: 40000 }])?.message).toMatch(/Java byte: from -128 to 127/);
  });
});
