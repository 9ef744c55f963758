/**
 * Converts the elements of `newArray(type, [values])` to what the stock server
 * accepts for that component type. Py4J's ArrayCommand#setArray converts an
 * element like a method argument, without widening (an `i` does not become a
 * double), and a value it cannot convert makes the command throw — the server
 * then answers `!z` and drops the connection. So every element is checked and
 * re-encoded here, before anything is sent: int → double/float, integers
 * range-checked for byte/short/int/long/char, null refused for primitives.
 */
import type { WireArg } from '../../protocol/py4j/index.ts';
import { describe, JavaRangeError, JavaUsageError } from './errors.ts';
import { fitsIn, integralType, rangeError } from './java-range.ts';

const PRIMITIVES = new Set(['boolean', 'byte', 'short', 'int', 'long', 'char', 'float', 'double']);
const FLOATING = new Set(['double', 'java.lang.Double', 'float', 'java.lang.Float']);
const BOOLEAN = new Set(['boolean', 'java.lang.Boolean']);

/**
 * The wire value of element `index` of a new `componentType[]`, or undefined
 * for a reference component type (the value is encoded as any argument is).
 * Throws JavaUsageError or JavaRangeError for a value the array cannot hold.
 */
export function arrayElement(value: unknown, componentType: string, index: number): WireArg | undefined {
  const where = `Element ${index} of a new ${componentType}[]`;
  if (value === null || value === undefined) {
    if (PRIMITIVES.has(componentType)) {
      throw new JavaUsageError(`${where} is ${String(value)}: a Java ${componentType}[] cannot hold null.`);
    }
    return integralType(componentType) || FLOATING.has(componentType) || BOOLEAN.has(componentType)
      ? { kind: 'null' }
      : undefined;
  }
  const integer = integralType(componentType);
  if (integer === 'char') {
    if (typeof value === 'string' && value.length === 1) return { kind: 'string', value };
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (!fitsIn(value, 'char')) throw new JavaRangeError(`${where}: ${rangeError(value, componentType).message}`);
      return { kind: 'string', value: String.fromCharCode(value) };
    }
    throw new JavaUsageError(`${where} is ${describe(value)}: a char is a one-character string or a code 0–65535.`);
  }
  if (integer !== null) {
    if ((typeof value !== 'number' || !Number.isInteger(value)) && typeof value !== 'bigint') {
      throw new JavaUsageError(`${where} is ${describe(value)}, not an integer.`);
    }
    if (!fitsIn(value, integer)) throw new JavaRangeError(`${where}: ${rangeError(value, componentType).message}`);
    // A long travels as `L`; byte, short and int as `i`, narrowed by the server's converters.
    if (integer === 'long') return { kind: 'long', value: BigInt(value) };
    return { kind: 'int', value: Number(value) };
  }
  if (FLOATING.has(componentType)) {
    if (typeof value !== 'number') throw new JavaUsageError(`${where} is ${describe(value)}, not a number.`);
    // The server turns a `d` into a float itself (TypeConverter.FLOAT_CONVERTER).
    return { kind: 'double', value };
  }
  if (BOOLEAN.has(componentType)) {
    if (typeof value !== 'boolean') throw new JavaUsageError(`${where} is ${describe(value)}, not a boolean.`);
    return { kind: 'bool', value };
  }
  return undefined;
}
