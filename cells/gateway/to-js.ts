/**
 * `toJS(x)`: copies a Java List, Set, array or Map into JS (arrays and Map),
 * recursively for nested collections. Cost is a fixed number of round trips
 * per collection, whatever its size: element reads are pipelined.
 */
import { arrayGetCommand, arrayLengthCommand, callCommand } from '../../protocol/py4j/index.ts';
import type { GatewayClient } from './gateway-client.ts';
import { refOf } from './java-proxy.ts';
import type { JavaRef } from './java-ref.ts';

export async function toJS(client: GatewayClient, value: unknown): Promise<unknown> {
  const ref = refOf(value);
  if (!ref) return value;
  client.checkLive(ref);
  switch (ref.refKind) {
    case 'array':
      return convertAll(client, await readArray(client, ref.id));
    case 'list': {
      const size = (await client.exec(callCommand(ref.id, 'size', []))) as number;
      const items = await Promise.all(
        Array.from({ length: size }, (_, i) => client.exec(callCommand(ref.id, 'get', [{ kind: 'int', value: i }]))),
      );
      return convertAll(client, items);
    }
    case 'set':
      return convertAll(client, await readViaArray(client, ref, 'toArray'));
    case 'map': {
      const [keys, values] = await Promise.all([
        readCollectionViaArray(client, ref.id, 'keySet'),
        readCollectionViaArray(client, ref.id, 'values'),
      ]);
      const [k, v] = await Promise.all([convertAll(client, keys), convertAll(client, values)]);
      return new Map(k.map((key, i) => [key, v[i]]));
    }
    default:
      return value;
  }
}

async function convertAll(client: GatewayClient, items: unknown[]): Promise<unknown[]> {
  return Promise.all(items.map((item) => (isCollection(refOf(item)) ? toJS(client, item) : item)));
}

function isCollection(ref: JavaRef | undefined): boolean {
  return ref !== undefined && ref.refKind !== 'object' && ref.refKind !== 'iterator';
}

async function readArray(client: GatewayClient, id: string): Promise<unknown[]> {
  const length = (await client.exec(arrayLengthCommand(id))) as number;
  return Promise.all(Array.from({ length }, (_, i) => client.exec(arrayGetCommand(id, i))));
}

async function readViaArray(client: GatewayClient, ref: JavaRef, method: 'toArray'): Promise<unknown[]> {
  const array = refOf(await client.exec(callCommand(ref.id, method, [])))!;
  try {
    return await readArray(client, array.id);
  } finally {
    client.releaseRef(array);
  }
}

/** `map.keySet().toArray()` / `map.values().toArray()`: both iterate the same map, so the orders match. */
async function readCollectionViaArray(
  client: GatewayClient,
  mapId: string,
  view: 'keySet' | 'values',
): Promise<unknown[]> {
  const collection = refOf(await client.exec(callCommand(mapId, view, [])))!;
  try {
    return await readViaArray(client, collection, 'toArray');
  } finally {
    client.releaseRef(collection);
  }
}
