/**
 * Java object lifetimes, measured by the JVM's own registry count
 * (`getBindings().size()`), not by the client's bookkeeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitFor, type KernelSession, type Stack } from '../support/stack.ts';

let stack: Stack;
let s: KernelSession;
let baseline: number;

beforeAll(async () => {
  stack = await startStack();
  s = await stack.connect();
  // A bare stock server holds 2 objects; wait out the relay's own start-up calls (callback set-up).
  baseline = await waitFor(
    () => stack.liveCount(),
    (n) => n === 2,
  );
});

afterAll(async () => {
  await stack?.close();
});

async function ok(source: string, cellId?: string) {
  const r = await s.run(source, cellId);
  if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
  return r;
}

/** The count once the releases sent so far have been processed. */
async function settledCount(expected: number): Promise<number> {
  return waitFor(
    () => stack.liveCount(),
    (n) => Math.abs(n - expected) <= 3,
  );
}

describe('Java object lifetimes', () => {
  it('keeps a re-run cell at its own objects: 1,000 objects re-run 100 times stay 1,000', async () => {
    const source = `const made = []; for (let i = 0; i < 1000; i += 100) made.push(...await Promise.all(Array.from({ length: 100 }, () => new jvm.java.lang.Object()))); made.length`;
    for (let i = 0; i < 100; i++) await ok(source, 'thousand');
    expect(await settledCount(baseline + 1000)).toBeLessThanOrEqual(baseline + 1003);
    expect(s.kernel.liveObjects().cells['thousand']).toBe(1000);
  });

  it('releases a deleted cell back to the baseline', async () => {
    expect(s.kernel.releaseCell('thousand')).toBe(1000);
    expect(await settledCount(baseline)).toBeLessThanOrEqual(baseline + 3);
  });

  it('keeps kept objects across re-runs and releases them at restart', async () => {
    await ok(
      `const kept = keep(await new jvm.java.lang.StringBuilder('kept')); const temp = await new jvm.java.lang.Object();`,
      'keeper',
    );
    await ok('1', 'keeper');
    expect(await settledCount(baseline + 1)).toBe(baseline + 1);
    expect((await ok('await kept.toString()')).result).toBe("'kept'");
    s.kernel.restart();
    expect(await settledCount(baseline)).toBeLessThanOrEqual(baseline + 3);
    const after = await s.run('await kept.toString()');
    expect(after.error?.ename).toBe('ReferenceError');
  });

  it('frees a using-declared object at the end of its block', async () => {
    const r = await ok(`const b = await gateway.server.getGateway().then(g => g.getBindings());
      const before = await b.size();
      let inside;
      {
        await using tmp = await new jvm.java.util.ArrayList();
        await tmp.add(1);
        inside = await b.size();
      }
      const after = await b.size();
      [inside - before, after - before]`);
    // The release is a pipelined delete: the next call after the block sees it done.
    expect(r.result).toBe('[ 1, 0 ]');
  });

  it('releases an object now with release(), and says so when it is used again', async () => {
    const r = await s.run(
      `const gone = await new jvm.java.lang.StringBuilder('x'); release(gone); await gone.toString()`,
      'releaser',
    );
    expect(r.error?.ename).toBe('ReleasedObjectError');
    expect(r.error?.evalue).toMatch(/release\(\)/);
  });

  it('names the cell that owned a reference released by a re-run, and what to do', async () => {
    await ok(`const owned = await new jvm.java.lang.StringBuilder('mine');`, 'owner-cell');
    await ok(`const alias = owned;`, 'alias-cell');
    await ok(`1`, 'owner-cell');
    const r = await s.run('await alias.toString()');
    expect(r.error?.ename).toBe('ReleasedObjectError');
    expect(r.error?.evalue).toMatch(/owner-cell/);
    expect(r.error?.evalue).toMatch(/keep\(/);
  });

  it('owns references that arrive in exceptions, collection elements and iterator results', async () => {
    const before = await settledCount(await stack.liveCount());
    await ok(
      `const holder = await new jvm.java.util.ArrayList([1]);
      const elements = [];
      for (let i = 0; i < 5; i++) await holder.add(await new jvm.java.lang.Object());
      for await (const e of holder) elements.push(e);
      try { await jvm.java.util.Objects.requireNonNull(null) } catch (e) { elements.push(e.javaException) }
      elements.length`,
      'mixed',
    );
    expect(s.kernel.liveObjects().cells['mixed']).toBeGreaterThan(10);
    s.kernel.releaseCell('mixed');
    expect(await settledCount(before)).toBeLessThanOrEqual(before + 3);
  });

  it('keeps the live count bounded in a loop over 1,000,000 temporaries', async () => {
    const r = await ok(
      `const bindings = await gateway.server.getGateway().then(g => g.getBindings());
      let peak = 0;
      for (let i = 0; i < 10000; i++) {
        await Promise.all(Array.from({ length: 100 }, () => new jvm.java.lang.Object()));
        if (i % 100 === 0) peak = Math.max(peak, await bindings.size());
      }
      peak`,
      'million',
    );
    expect(Number(r.result)).toBeLessThan(50_000);
  }, 300_000);
});
