/**
 * The ranges of Java's integral types, checked before a number is sent as one.
 * The stock server parses `i`/`L` arguments with Integer.parseInt and
 * Long.parseLong (Protocol.getObject); a value that does not parse makes the
 * command throw, and GatewayConnection answers `!z` and closes the connection.
 * Narrowing to short and byte happens on the server (TypeConverter's
 * SHORT_CONVERTER/BYTE_CONVERTER) and silently wraps, so those are checked too.
 */
import { JavaRangeError } from './errors.ts';

export type IntegralType = 'byte' | 'short' | 'int' | 'long' | 'char';

const RANGES: Readonly<Record<IntegralType, readonly [bigint, bigint]>> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  char: [0n, 65535n],
};

const BY_NAME: Readonly<Record<string, IntegralType>> = {
  byte: 'byte',
  'java.lang.Byte': 'byte',
  short: 'short',
  'java.lang.Short': 'short',
  int: 'int',
  'java.lang.Integer': 'int',
  long: 'long',
  'java.lang.Long': 'long',
  char: 'char',
  'java.lang.Character': 'char',
};

/** The integral type a Java type name stands for (primitive or boxed), or null. */
export function integralType(javaType: string): IntegralType | null {
  return BY_NAME[javaType] ?? null;
}

/** Whether an integer (a JS number with no fraction, or a bigint) fits in the type. */
export function fitsIn(value: number | bigint, type: IntegralType): boolean {
  const [min, max] = RANGES[type];
  const n = typeof value === 'bigint' ? value : BigInt(value);
  return n >= min && n <= max;
}

/** The error for a value that does not fit: names the value, the type and its range. */
export function rangeError(value: number | bigint, javaType: string): JavaRangeError {
  const type = integralType(javaType);
  // A JS number past 2^53 prints rounded (2 ** 63 as 9223372036854776000): show the integer it holds.
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : Number.isInteger(value) && !Number.isSafeInteger(value)
        ? BigInt(value).toString()
        : String(value);
  if (type === null) return new JavaRangeError(`${shown} cannot be passed as a Java ${javaType}.`);
  const [min, max] = RANGES[type];
  const integral = typeof value === 'bigint' || Number.isInteger(value);
  return new JavaRangeError(
    `${shown} does not fit in a Java ${javaType}: ${integral ? '' : 'it needs an integer '}from ${min} to ${max}.`,
  );
}
