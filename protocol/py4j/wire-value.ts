/**
 * Values as they travel on the Py4J wire, as plain data. Only the gateway
 * client turns references into proxies.
 */

/** The kinds of reference the server hands out, by the tag it used. */
export type RefKind = 'object' | 'list' | 'set' | 'map' | 'array' | 'iterator';

export type WireValue =
  | { kind: 'null' }
  | { kind: 'void' }
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'decimal'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'ref'; id: string; refKind: RefKind };

/** What may be sent as an argument: wire values plus a client-side proxy (callback). */
export type WireArg =
  Exclude<WireValue, { kind: 'void' }> | { kind: 'proxy'; id: string; interfaces: readonly string[] };

/** Tags of the reference kinds, per Protocol.java. */
export const REF_TAGS: Readonly<Record<string, RefKind>> = {
  r: 'object',
  l: 'list',
  h: 'set',
  a: 'map',
  t: 'array',
  g: 'iterator',
};

/** Ids the server owns for its whole life: never send a delete for these. */
export const SPECIAL_IDS: ReadonlySet<string> = new Set(['t', 'j', 'GATEWAY_SERVER']);

export function isSpecialId(id: string): boolean {
  return SPECIAL_IDS.has(id) || id.startsWith('z:');
}
