/**
 * A release is ordered before every later call of the session, awaited or
 * not, as Py4J's own (blocking) `detach` is: a count read right after
 * releasing sees the objects gone. Measured by the JVM's own registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type KernelSession, type Stack } from '../support/stack.ts';

let stack: Stack;
let s: KernelSession;

beforeAll(async () => {
  stack = await startStack();
  s = await stack.connect();
  const r = await s.run(`const bindings = keep(await (await gateway.server.getGateway()).getBindings()); 1`);
  expect(r.status).toBe('ok');
});

afterAll(async () => {
  await stack?.close();
});

async function value(source: string, cellId?: string): Promise<string | undefined> {
  const r = await s.run(source, cellId);
  if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
  return r.result;
}

describe('release order', () => {
  it('counts none of 500 objects released without await in the same cell', async () => {
    expect(
      await value(`const before = await bindings.size();
        const objects = await Promise.all(Array.from({ length: 500 }, () => new jvm.java.lang.Object()));
        const made = await bindings.size();
        for (const o of objects) release(o);
        [made - before, (await bindings.size()) - before]`),
    ).toBe('[ 500, 0 ]');
  });

  it('counts none of them when the count goes out on another channel while the first one waits', async () => {
    expect(
      await value(`const before = await bindings.size();
        const objects = await Promise.all(Array.from({ length: 500 }, () => new jvm.java.lang.Object()));
        const sleeping = jvm.java.lang.Thread.sleep(300);
        await null;
        for (const o of objects) release(o);
        const after = await bindings.size();
        await sleeping;
        after - before`),
    ).toBe('0');
  });

  it('counts none of the previous run of a cell at the start of its re-run', async () => {
    const before = await value('await bindings.size()');
    await value(
      `const many = await Promise.all(Array.from({ length: 500 }, () => new jvm.java.lang.Object())); 1`,
      'rerun',
    );
    expect(await value('await bindings.size()', 'rerun')).toBe(before);
  });
});
