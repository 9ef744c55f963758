import { describe, expect, it } from 'vitest';
import { OrderedOutputs } from '../../cells/ordered-outputs.ts';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('OrderedOutputs', () => {
  it('hands ready outputs to the sink at once', () => {
    const seen: string[] = [];
    const outputs = new OrderedOutputs<string>((o) => seen.push(o));
    outputs.push('a');
    outputs.push('b');
    expect(seen).toEqual(['a', 'b']);
  });

  it('keeps later outputs behind a reserved place until it is filled', async () => {
    const seen: string[] = [];
    const outputs = new OrderedOutputs<string>((o) => seen.push(o));
    const first = deferred<string>();
    const second = deferred<string>();
    outputs.reserve(first.promise, () => 'failed');
    outputs.push('between');
    outputs.reserve(second.promise, () => 'failed');
    outputs.push('last');
    second.resolve('second');
    await second.promise;
    expect(seen).toEqual([]);
    first.resolve('first');
    await outputs.settled();
    expect(seen).toEqual(['first', 'between', 'second', 'last']);
  });

  it('fills a place whose output failed with the fallback', async () => {
    const seen: string[] = [];
    const outputs = new OrderedOutputs<string>((o) => seen.push(o));
    const pending = deferred<string>();
    outputs.reserve(pending.promise, (error) => `fallback: ${(error as Error).message}`);
    outputs.push('after');
    pending.reject(new Error('closed'));
    await outputs.settled();
    expect(seen).toEqual(['fallback: closed', 'after']);
  });

  it('settles only when every reserved place reached the sink', async () => {
    const outputs = new OrderedOutputs<string>(() => undefined);
    const pending = deferred<string>();
    outputs.reserve(pending.promise, () => 'failed');
    let settled = false;
    const done = outputs.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    pending.resolve('done');
    await done;
    expect(settled).toBe(true);
  });
});
