/**
 * Tables for results that are collections: a Java List, Set, array or Map,
 * or a JS array of records. The UI renders the MIME type below as a table of
 * the first rows with the total count; text/plain stays beside it for files
 * and tools that do not know it.
 */
import { arrayGetCommand, arrayLengthCommand, callCommand } from '../protocol/py4j/index.ts';
import { refOf, type GatewayClient, type JavaRef } from './gateway/index.ts';
import { describeJavaObjects, formatValue } from './format-value.ts';

import { TABLE_MIME, type TableData } from '../protocol/table-mime.ts';

export { TABLE_MIME };

/** The first rows shown of a collection. */
export const TABLE_ROWS = 100;

export async function tableOf(client: GatewayClient, value: unknown): Promise<TableData | null> {
  const ref = refOf(value);
  if (ref) return ref.released ? null : javaTable(client, ref);
  if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) return null;
  const records = value.slice(0, TABLE_ROWS) as Record<string, unknown>[];
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const descriptions = await describeJavaObjects(client, records);
  return {
    columns,
    rows: records.map((r) => columns.map((c) => (c in r ? cell(r[c], descriptions) : ''))),
    total: value.length,
  };
}

function isRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || refOf(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function cell(value: unknown, descriptions: Awaited<ReturnType<typeof describeJavaObjects>>): string {
  return formatValue(value, descriptions, false);
}

async function javaTable(client: GatewayClient, ref: JavaRef): Promise<TableData | null> {
  switch (ref.refKind) {
    case 'list': {
      const total = (await client.exec(callCommand(ref.id, 'size', []))) as number;
      const items = await Promise.all(
        Array.from({ length: Math.min(total, TABLE_ROWS) }, (_, i) =>
          client.exec(callCommand(ref.id, 'get', [{ kind: 'int', value: i }])),
        ),
      );
      return valueTable(client, items, total);
    }
    case 'array': {
      const total = (await client.exec(arrayLengthCommand(ref.id))) as number;
      const items = await Promise.all(
        Array.from({ length: Math.min(total, TABLE_ROWS) }, (_, i) => client.exec(arrayGetCommand(ref.id, i))),
      );
      return valueTable(client, items, total);
    }
    case 'set': {
      const [total, items] = await Promise.all([client.exec(callCommand(ref.id, 'size', [])), firstOf(client, ref.id)]);
      return valueTable(client, items, total as number);
    }
    case 'map': {
      const [total, keys, values] = await Promise.all([
        client.exec(callCommand(ref.id, 'size', [])),
        viewOf(client, ref.id, 'keySet'),
        viewOf(client, ref.id, 'values'),
      ]);
      const descriptions = await describeJavaObjects(client, [keys, values]);
      return {
        columns: ['key', 'value'],
        rows: keys.map((k, i) => [cell(k, descriptions), cell(values[i], descriptions)]),
        total: total as number,
      };
    }
    default:
      return null;
  }
}

async function valueTable(client: GatewayClient, items: unknown[], total: number): Promise<TableData> {
  const descriptions = await describeJavaObjects(client, items);
  return { columns: ['value'], rows: items.map((v) => [cell(v, descriptions)]), total };
}

/** The first rows of a collection, through `toArray()`. */
async function firstOf(client: GatewayClient, collectionId: string): Promise<unknown[]> {
  const array = refOf(await client.exec(callCommand(collectionId, 'toArray', [])))!;
  try {
    const length = (await client.exec(arrayLengthCommand(array.id))) as number;
    return await Promise.all(
      Array.from({ length: Math.min(length, TABLE_ROWS) }, (_, i) => client.exec(arrayGetCommand(array.id, i))),
    );
  } finally {
    void client.releaseRef(array);
  }
}

/** `map.keySet()` / `map.values()`: both iterate the same map, so their orders match. */
async function viewOf(client: GatewayClient, mapId: string, view: 'keySet' | 'values'): Promise<unknown[]> {
  const collection = refOf(await client.exec(callCommand(mapId, view, [])))!;
  try {
    return await firstOf(client, collection.id);
  } finally {
    void client.releaseRef(collection);
  }
}
