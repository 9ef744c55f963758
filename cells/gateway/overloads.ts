/**
 * Client-side overload resolution. The stock server matches arguments to
 * parameters without widening (an `int` does not reach a `double` parameter)
 * and has no varargs, while JS has one number type. When the server reports
 * that no method fits, the client reads the candidates' parameter types (from
 * `java.lang.reflect.Method#toString`) and re-encodes the arguments: JS
 * numbers as int/long/double as the parameter wants, trailing arguments packed
 * into an array for a varargs parameter. Pure functions; no I/O.
 */
import type { WireArg } from '../../protocol/py4j/index.ts';
import type { JavaRangeError } from './errors.ts';
import { fitsIn, integralType, rangeError } from './java-range.ts';

export interface Signature {
  /** Simple name of the method; the class name for a constructor. */
  name: string;
  /** Parameter type names as Java prints them: `int`, `java.lang.String`, `java.lang.Object[]`. */
  params: string[];
}

export interface Fit {
  signature: Signature;
  /** Arguments for the fixed parameters, re-encoded. */
  fixed: WireArg[];
  /** Trailing arguments to pack into an array of this component type, for varargs. */
  packed: { componentType: string; elements: WireArg[] } | null;
  cost: number;
}

/**
 * Parses the output of `Arrays.toString(cls.getMethods())` (or
 * `getConstructors()`): `[public static double java.lang.Math.sqrt(double), …]`.
 */
export function parseSignatures(text: string): Signature[] {
  const out: Signature[] = [];
  const re = /([\w$.]+)\(([^)]*)\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const qualified = m[1]!;
    const name = qualified.slice(qualified.lastIndexOf('.') + 1);
    const params = m[2]!.length === 0 ? [] : m[2]!.split(',').map((p) => p.trim());
    out.push({ name, params });
  }
  return out;
}

const FLOAT_TYPES = new Set(['double', 'java.lang.Double', 'float', 'java.lang.Float']);
const BOOL_TYPES = new Set(['boolean', 'java.lang.Boolean']);
const CHAR_TYPES = new Set(['char', 'java.lang.Character']);
const STRING_TYPES = new Set(['java.lang.String', 'java.lang.CharSequence']);
const GENERAL_TYPES = new Set(['java.lang.Object', 'java.io.Serializable', 'java.lang.Comparable']);
const PRIMITIVES = new Set(['int', 'long', 'short', 'byte', 'double', 'float', 'boolean', 'char']);

/** The cost of passing `arg` as `type` and its re-encoding, or null when it cannot fit. */
export function fitArg(arg: WireArg, type: string): { arg: WireArg; cost: number } | null {
  const general = GENERAL_TYPES.has(type) || type === 'java.lang.Number';
  switch (arg.kind) {
    case 'int':
    case 'long':
    case 'double': {
      const n = arg.kind === 'long' ? Number(arg.value) : arg.value;
      const integral = arg.kind !== 'double' || Number.isInteger(n);
      const exact = arg.kind === 'long' ? arg.value : n;
      const integer = integralType(type);
      if (integer === 'int' && integral && fitsIn(exact, 'int')) {
        return { arg: { kind: 'int', value: n }, cost: arg.kind === 'int' ? 0 : 2 };
      }
      if (integer === 'long' && integral && fitsIn(exact, 'long')) {
        const value = arg.kind === 'long' ? arg.value : BigInt(n);
        return { arg: { kind: 'long', value }, cost: arg.kind === 'long' ? 0 : 1 };
      }
      if ((integer === 'short' || integer === 'byte') && integral && fitsIn(exact, integer)) {
        return { arg: { kind: 'int', value: n }, cost: 2 };
      }
      if (FLOAT_TYPES.has(type)) return { arg: { kind: 'double', value: n }, cost: arg.kind === 'double' ? 0 : 3 };
      if (general) return { arg, cost: 4 };
      return null;
    }
    case 'decimal':
      return type === 'java.math.BigDecimal' || general ? { arg, cost: 0 } : null;
    case 'string':
      if (STRING_TYPES.has(type)) return { arg, cost: 0 };
      if (CHAR_TYPES.has(type) && arg.value.length === 1) return { arg, cost: 1 };
      return GENERAL_TYPES.has(type) ? { arg, cost: 4 } : null;
    case 'bool':
      return BOOL_TYPES.has(type) ? { arg, cost: 0 } : GENERAL_TYPES.has(type) ? { arg, cost: 4 } : null;
    case 'bytes':
      return type === 'byte[]' ? { arg, cost: 0 } : type === 'java.lang.Object' ? { arg, cost: 4 } : null;
    case 'null':
      return PRIMITIVES.has(type) ? null : { arg, cost: 1 };
    case 'ref':
    case 'proxy':
      // The server checks assignability; the client only rules out primitives.
      return PRIMITIVES.has(type) ? null : { arg, cost: 1 };
  }
}

/** Fits arguments to one signature, directly or by packing trailing arguments (varargs). */
export function fitSignature(signature: Signature, args: readonly WireArg[]): Fit | null {
  const { params } = signature;
  if (params.length === args.length) {
    const direct = fitAll(params, args);
    if (direct) return { signature, fixed: direct.args, packed: null, cost: direct.cost };
  }
  const last = params[params.length - 1];
  if (last === undefined || !last.endsWith('[]') || args.length < params.length - 1) return null;
  const fixedCount = params.length - 1;
  const fixed = fitAll(params.slice(0, fixedCount), args.slice(0, fixedCount));
  if (!fixed) return null;
  const componentType = last.slice(0, -2);
  const rest = args.slice(fixedCount);
  const elements = fitAll(
    rest.map(() => componentType),
    rest,
  );
  if (!elements) return null;
  return {
    signature,
    fixed: fixed.args,
    packed: { componentType, elements: elements.args },
    cost: fixed.cost + elements.cost + 10,
  };
}

function fitAll(types: readonly string[], args: readonly WireArg[]): { args: WireArg[]; cost: number } | null {
  const out: WireArg[] = [];
  let cost = 0;
  for (let i = 0; i < args.length; i++) {
    const f = fitArg(args[i]!, types[i]!);
    if (!f) return null;
    out.push(f.arg);
    cost += f.cost;
  }
  return { args: out, cost };
}

/** The cheapest fit among the candidates named `name`, or null. */
export function chooseOverload(
  candidates: readonly Signature[],
  name: string | null,
  args: readonly WireArg[],
): Fit | null {
  let best: Fit | null = null;
  for (const signature of candidates) {
    if (name !== null && signature.name !== name) continue;
    const fit = fitSignature(signature, args);
    if (fit && (!best || fit.cost < best.cost)) best = fit;
  }
  return best;
}

/**
 * Why no candidate fits, when the reason is a number outside an integral
 * parameter's range (`Math.abs(2 ** 63)` has only long/int/float/double
 * overloads of one argument): the error to throw instead of "no overload".
 */
export function rangeProblem(
  candidates: readonly Signature[],
  name: string | null,
  args: readonly WireArg[],
): JavaRangeError | null {
  for (const signature of candidates) {
    if ((name !== null && signature.name !== name) || signature.params.length !== args.length) continue;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      const type = integralType(signature.params[i]!);
      if (type === null || type === 'char') continue;
      if (arg.kind === 'long' && !fitsIn(arg.value, type)) return rangeError(arg.value, signature.params[i]!);
      if ((arg.kind === 'int' || arg.kind === 'double') && Number.isInteger(arg.value) && !fitsIn(arg.value, type)) {
        return rangeError(arg.value, signature.params[i]!);
      }
    }
  }
  return null;
}

/** A short description of argument types for messages: `(int, java.lang.String)`. */
export function describeArgs(args: readonly WireArg[]): string {
  const names: Record<WireArg['kind'], string> = {
    null: 'null',
    int: 'int',
    long: 'long',
    double: 'double',
    decimal: 'BigDecimal',
    bool: 'boolean',
    string: 'String',
    bytes: 'byte[]',
    ref: 'Java object',
    proxy: 'callback',
  };
  return `(${args.map((a) => names[a.kind]).join(', ')})`;
}

/** A cache key for "this call shape needed re-encoding": argument kinds, not values. */
export function shapeKey(args: readonly WireArg[]): string {
  return args.map((a) => a.kind).join(',');
}
