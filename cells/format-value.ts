/**
 * Turns cell values into display text. Java objects are shown as their class
 * name and `toString()`, fetched from the JVM in one pipelined batch before
 * the (synchronous) formatting walks the value.
 */
import { callCommand } from '../protocol/py4j/index.ts';
import { JavaDecimal, nameOf, refOf, type GatewayClient, type JavaRef } from './gateway/index.ts';

const MAX_ITEMS = 100;
const MAX_DEPTH = 4;
const MAX_DESCRIBED = 200;

/** Class name and toString() of Java objects, by id. */
export type Descriptions = ReadonlyMap<string, { className: string; text: string }>;

/** Fetches descriptions of the Java objects reachable in `value` (bounded). */
export async function describeJavaObjects(client: GatewayClient, value: unknown): Promise<Descriptions> {
  const refs: JavaRef[] = [];
  collectRefs(value, refs, new Set(), 0);
  const out = new Map<string, { className: string; text: string }>();
  await Promise.all(
    refs.map(async (ref) => {
      if (ref.released) return;
      const [cls, text] = await Promise.all([
        client.request(callCommand(ref.id, 'getClass', [])),
        // toString() itself: String.valueOf(obj) would let the server pick valueOf(char) for a CharSequence.
        client.request(callCommand(ref.id, 'toString', [])),
      ]);
      let className = '?';
      if (cls.type === 'value' && cls.value.kind === 'ref') {
        const name = await client.request(callCommand(cls.value.id, 'getName', []));
        client.releaseId(cls.value.id);
        if (name.type === 'value' && name.value.kind === 'string') className = name.value.value;
      }
      out.set(ref.id, {
        className,
        text: text.type === 'value' && text.value.kind === 'string' ? text.value.value : '?',
      });
    }),
  );
  return out;
}

/** Whether `value` reaches a Java object that describeJavaObjects would describe. */
export function hasJavaObjects(value: unknown): boolean {
  const refs: JavaRef[] = [];
  collectRefs(value, refs, new Set(), 0);
  return refs.some((ref) => !ref.released);
}

function collectRefs(value: unknown, refs: JavaRef[], seen: Set<unknown>, depth: number): void {
  if (refs.length >= MAX_DESCRIBED || depth > MAX_DEPTH) return;
  const ref = refOf(value);
  if (ref) {
    if (!refs.includes(ref)) refs.push(ref);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value) || value instanceof Set) {
    let n = 0;
    for (const item of value) {
      if (n++ >= MAX_ITEMS) break;
      collectRefs(item, refs, seen, depth + 1);
    }
  } else if (value instanceof Map) {
    let n = 0;
    for (const [k, v] of value) {
      if (n++ >= MAX_ITEMS) break;
      collectRefs(k, refs, seen, depth + 1);
      collectRefs(v, refs, seen, depth + 1);
    }
  } else if (!ArrayBuffer.isView(value)) {
    for (const key of Object.keys(value).slice(0, MAX_ITEMS)) {
      collectRefs((value as Record<string, unknown>)[key], refs, seen, depth + 1);
    }
  }
}

/** Formats a value like a REPL would show it: strings quoted, Java objects described. */
export function formatValue(value: unknown, descriptions: Descriptions = new Map(), quoteStrings = true): string {
  return format(value, descriptions, new Set(), 0, quoteStrings);
}

/** Formats console.log arguments: strings as they are, other values as formatValue. */
export function formatLogArgs(args: readonly unknown[], descriptions: Descriptions = new Map()): string {
  return args.map((a) => (typeof a === 'string' ? a : formatValue(a, descriptions))).join(' ');
}

function format(value: unknown, d: Descriptions, seen: Set<unknown>, depth: number, quote: boolean): string {
  const ref = refOf(value);
  if (ref) {
    if (ref.released) return `<released Java object ${ref.id}>`;
    const desc = d.get(ref.id);
    return desc ? `${desc.className}: ${desc.text}` : `<Java object ${ref.id}>`;
  }
  const javaName = nameOf(value);
  if (javaName !== undefined) return `<Java name ${javaName}>`;
  switch (typeof value) {
    case 'string':
      return quote ? quoteString(value) : value;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function${value.name ? `: ${value.name}` : ' (anonymous)'}]`;
  }
  if (value === null) return 'null';
  if (value instanceof JavaDecimal) return value.text;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    const inner = (v: unknown) => format(v, d, seen, depth + 1, true);
    if (Array.isArray(value)) return list('', value.slice(0, MAX_ITEMS).map(inner), value.length, '[', ']');
    if (value instanceof Map) {
      const items = [...value].slice(0, MAX_ITEMS).map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return list(`Map(${value.size}) `, items, value.size, '{', '}');
    }
    if (value instanceof Set)
      return list(`Set(${value.size}) `, [...value].slice(0, MAX_ITEMS).map(inner), value.size, '{', '}');
    if (ArrayBuffer.isView(value)) {
      const arr = value as unknown as ArrayLike<number>;
      const items = Array.from({ length: Math.min(arr.length, MAX_ITEMS) }, (_, i) => String(arr[i]));
      return list(`${value.constructor.name}(${arr.length}) `, items, arr.length, '[', ']');
    }
    if (value instanceof Promise) return 'Promise { <pending> }';
    const keys = Object.keys(value as object);
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    const prefix = ctor && ctor !== 'Object' ? `${ctor} ` : '';
    const items = keys
      .slice(0, MAX_ITEMS)
      .map(
        (k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quoteString(k)}: ${inner((value as Record<string, unknown>)[k])}`,
      );
    return list(prefix, items, keys.length, '{', '}');
  } finally {
    seen.delete(value);
  }
}

function list(prefix: string, items: string[], total: number, open: string, close: string): string {
  const shown = items.slice(0, MAX_ITEMS);
  if (total > shown.length) shown.push(`... ${total - shown.length} more item${total - shown.length === 1 ? '' : 's'}`);
  if (shown.length === 0) return `${prefix}${open}${close}`;
  const oneLine = `${prefix}${open} ${shown.join(', ')} ${close}`;
  if (oneLine.length <= 76 && !oneLine.includes('\n')) return oneLine;
  return `${prefix}${open}\n${shown.map((s) => '  ' + s.replace(/\n/g, '\n  ')).join(',\n')}\n${close}`;
}

function quoteString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
