/**
 * `for await (const x of javaObject)`: arrays are read by index in pipelined
 * batches; iterators and iterables through `hasNext`/`next`.
 */
import { arrayGetCommand, callCommand } from '../../protocol/py4j/index.ts';
import type { GatewayClient } from './gateway-client.ts';
import { refOf } from './java-proxy.ts';
import type { JavaRef } from './java-ref.ts';

export async function* iterateJava(
  client: GatewayClient,
  ref: JavaRef,
  holder?: object,
): AsyncIterableIterator<unknown> {
  client.checkLive(ref);
  // The proxy being iterated must stay reachable (and so unreleased) while iterating.
  const keepAlive = [holder];
  if (ref.refKind === 'array') {
    const length = await client.arrayLength(ref);
    for (let start = 0; start < length; start += 1000) {
      const end = Math.min(length, start + 1000);
      const batch: Promise<unknown>[] = [];
      for (let i = start; i < end; i++) batch.push(client.exec(arrayGetCommand(ref.id, i), true));
      yield* await Promise.all(batch);
    }
    return;
  }
  let iterator: JavaRef;
  let owned = false;
  if (ref.refKind === 'iterator') {
    iterator = ref;
  } else {
    const it = await client.exec(callCommand(ref.id, 'iterator', []));
    iterator = refOf(it)!;
    owned = true;
  }
  try {
    while ((await client.exec(callCommand(iterator.id, 'hasNext', []))) === true) {
      yield await client.exec(callCommand(iterator.id, 'next', []), true);
    }
  } finally {
    if (owned) client.releaseRef(iterator);
    keepAlive.length = 0;
  }
}
