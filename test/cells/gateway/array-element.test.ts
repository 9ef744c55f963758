import { describe, expect, it } from 'vitest';
import { arrayElement } from '../../../cells/gateway/array-element.ts';
import { JavaRangeError, JavaUsageError } from '../../../cells/gateway/errors.ts';

describe('arrayElement', () => {
  it('sends a JS integer into a double or float array as a double', () => {
    expect(arrayElement(1, 'double', 0)).toEqual({ kind: 'double', value: 1 });
    expect(arrayElement(1, 'float', 0)).toEqual({ kind: 'double', value: 1 });
    expect(arrayElement(2, 'java.lang.Double', 0)).toEqual({ kind: 'double', value: 2 });
    expect(arrayElement(2, 'java.lang.Float', 0)).toEqual({ kind: 'double', value: 2 });
  });

  it('sends integers into long arrays as longs and into byte, short and int arrays as ints', () => {
    expect(arrayElement(1, 'long', 0)).toEqual({ kind: 'long', value: 1n });
    expect(arrayElement(2n ** 62n, 'java.lang.Long', 0)).toEqual({ kind: 'long', value: 2n ** 62n });
    expect(arrayElement(-128, 'byte', 0)).toEqual({ kind: 'int', value: -128 });
    expect(arrayElement(32767, 'java.lang.Short', 0)).toEqual({ kind: 'int', value: 32767 });
    expect(arrayElement(5n, 'int', 0)).toEqual({ kind: 'int', value: 5 });
  });

  it('refuses integers outside the element type, naming the index and the range', () => {
    expect(() => arrayElement(128, 'byte', 3)).toThrow(JavaRangeError);
    expect(() => arrayElement(128, 'byte', 3)).toThrow(/Element 3 of a new byte\[\].*-128 to 127/);
    expect(() => arrayElement(-32769, 'short', 0)).toThrow(/-32768 to 32767/);
    expect(() => arrayElement(2 ** 31, 'java.lang.Integer', 0)).toThrow(/-2147483648 to 2147483647/);
    expect(() => arrayElement(2 ** 63, 'long', 0)).toThrow(/9223372036854775808 does not fit in a Java long/);
    expect(() => arrayElement(65536, 'char', 0)).toThrow(/0 to 65535/);
  });

  it('refuses null in a primitive array and allows it in a boxed one', () => {
    expect(() => arrayElement(null, 'int', 2)).toThrow(JavaUsageError);
    expect(() => arrayElement(undefined, 'double', 2)).toThrow(/Element 2 of a new double\[\] is undefined/);
    expect(arrayElement(null, 'java.lang.Integer', 0)).toEqual({ kind: 'null' });
    expect(arrayElement(null, 'java.lang.Boolean', 0)).toEqual({ kind: 'null' });
  });

  it('refuses values of the wrong kind for primitive and boxed element types', () => {
    expect(() => arrayElement(1.5, 'int', 0)).toThrow(/not an integer/);
    expect(() => arrayElement('1', 'double', 0)).toThrow(/not a number/);
    expect(() => arrayElement(1, 'boolean', 0)).toThrow(/not a boolean/);
    expect(() => arrayElement('ab', 'char', 0)).toThrow(/one-character string/);
  });

  it('makes chars from one-character strings and from character codes', () => {
    expect(arrayElement('x', 'char', 0)).toEqual({ kind: 'string', value: 'x' });
    expect(arrayElement(65, 'java.lang.Character', 0)).toEqual({ kind: 'string', value: 'A' });
  });

  it('leaves reference element types to the ordinary argument encoding', () => {
    expect(arrayElement('a', 'java.lang.String', 0)).toBeUndefined();
    expect(arrayElement(null, 'java.lang.Object', 0)).toBeUndefined();
  });
});
