/**
 * Java calls TypeScript: implement(...) objects passed to real JVMs, in the
 * embedded mode and attached to a GatewayServer and to a ClientServer
 * (pinned-thread) peer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJavaPeer, type JavaPeer } from '../support/java-peer.ts';
import { startStack, type KernelSession, type Stack } from '../support/stack.ts';

type Mode = 'embedded' | 'GatewayServerPeer' | 'ClientServerPeer';

describe.each<Mode>(['embedded', 'GatewayServerPeer', 'ClientServerPeer'])('callbacks (%s)', (mode) => {
  let peer: JavaPeer | null = null;
  let stack: Stack;
  let s: KernelSession;

  beforeAll(async () => {
    if (mode !== 'embedded') peer = await startJavaPeer(mode);
    stack = await startStack(peer ? { attach: { host: peer.host, port: peer.port, token: peer.token } } : {});
    s = await stack.connect();
  });

  afterAll(async () => {
    await stack?.close();
    await peer?.stop();
  });

  async function value(source: string, cellId?: string): Promise<string | undefined> {
    const r = await s.run(source, cellId);
    if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
    return r.result;
  }

  it('sorts a 10,000-element list with a TypeScript Comparator', async () => {
    expect(
      await value(`const byDesc = implement('java.util.Comparator', { compare: (a, b) => b - a });
      const big = await new jvm.java.util.ArrayList(Array.from({ length: 10000 }, (_, i) => (i * 7919) % 10007));
      await jvm.java.util.Collections.sort(big, byDesc);
      const sorted = await toJS(big);
      [sorted.length, sorted.every((v, i) => i === 0 || sorted[i - 1] >= v), sorted[0]]`),
    ).toBe('[ 10000, true, 10006 ]');
  });

  it('runs a Runnable on a Java Thread', async () => {
    const r = await s.run(`let ran = 0;
      const task = implement('java.lang.Runnable', { run: async () => { ran++; console.log('ran', await jvm.java.lang.Math.max(ran, 0)) } });
      const thread = await new jvm.java.lang.Thread(task, 'worker-1');
      await thread.start(); await thread.join();
      [ran, await thread.getName()]`);
    expect(r.result).toBe("[ 1, 'worker-1' ]");
    expect(r.stdout).toBe('ran 1\n');
  });

  it('runs 50 Callables on a 4-thread pool', async () => {
    expect(
      await value(`const pool = await jvm.java.util.concurrent.Executors.newFixedThreadPool(4);
      const tasks = Array.from({ length: 50 }, (_, i) => implement('java.util.concurrent.Callable', { call: async () => { await jvm.java.lang.Thread.sleep(5); return i * 2; } }));
      const futures = await pool.invokeAll(tasks);
      let total = 0;
      for await (const f of futures) total += await f.get();
      await pool.shutdown();
      total`),
    ).toBe('2450');
  });

  it('receives a PropertyChangeListener event fired from a later cell', async () => {
    await value(
      `const events = [];
      const support = await new jvm.java.beans.PropertyChangeSupport('source');
      await support.addPropertyChangeListener(implement('java.beans.PropertyChangeListener', {
        propertyChange: async (e) => { events.push([await e.getPropertyName(), await e.getNewValue()]); console.log('changed', await e.getPropertyName()); },
      }));`,
      'listener-cell',
    );
    const fire = await s.run(`await support.firePropertyChange('answer', 41, 42); events`);
    expect(fire.result).toBe("[ [ 'answer', 42 ] ]");
    expect(fire.stdout).toBe('changed answer\n');
  });

  it('runs an async callback that makes nested Java calls inside stream().map(...)', async () => {
    expect(
      await value(`const doubled = implement('java.util.function.Function', {
        apply: async (x) => (await jvm.java.lang.Math.addExact(x, x)) + (await jvm.java.lang.Integer.parseInt('0')),
      });
      const src = await new jvm.java.util.ArrayList([1, 2, 3]);
      const out = await src.stream().then(st => st.map(doubled)).then(st => st.collect(jvm.java.util.stream.Collectors.toList()));
      await toJS(out)`),
    ).toBe('[ 2, 4, 6 ]');
  });

  it('runs callbacks nested to several levels without deadlock', async () => {
    expect(
      await value(`const depth = implement('java.util.function.IntUnaryOperator', {
        applyAsInt: async (n) => n <= 0 ? 0 : 1 + await (await jvm.java.util.stream.IntStream.of(n - 1)).map(depth).then(st => st.sum()),
      });
      await (await jvm.java.util.stream.IntStream.of(4)).map(depth).then(st => st.sum())`),
    ).toBe('4');
  });

  it('reports a callback that throws to Java and to the calling cell', async () => {
    const r =
      await s.run(`const broken = implement('java.util.Comparator', { compare() { throw new Error('nope from TS') } });
      await jvm.java.util.Collections.sort(await new jvm.java.util.ArrayList([2, 1]), broken)`);
    expect(r.status).toBe('error');
    expect(r.error?.evalue).toContain('nope from TS');
  });

  it('gives Java a clear exception when it calls a callback whose cell was re-run', async () => {
    await value(
      `const keeper = await new jvm.java.util.concurrent.atomic.AtomicReference(); keep(keeper);`,
      'setup-ref',
    );
    await value(
      `await keeper.set(implement('java.util.function.Supplier', { get: () => 'first' })); await keeper.get().then(s => s.get())`,
      'maker',
    );
    await value('1', 'maker');
    const r = await s.run('await keeper.get().then(s => s.get())');
    expect(r.status).toBe('error');
    expect(r.error?.evalue).toMatch(/no longer exists: the cell that created it was re-run/);
  });

  it('keeps two sessions with callbacks apart', async () => {
    const other = await stack.connect();
    const mine = s.run(`const tagA = implement('java.util.function.Supplier', { get: () => 'from A' });
      const ra = await Promise.all(Array.from({ length: 20 }, () => jvm.java.util.Objects.requireNonNullElseGet(null, tagA)));
      [...new Set(ra)]`);
    const theirs = other.run(`const tagB = implement('java.util.function.Supplier', { get: () => 'from B' });
      const rb = await Promise.all(Array.from({ length: 20 }, () => jvm.java.util.Objects.requireNonNullElseGet(null, tagB)));
      [...new Set(rb)]`);
    const [a, b] = await Promise.all([mine, theirs]);
    expect(a.result).toBe("[ 'from A' ]");
    expect(b.result).toBe("[ 'from B' ]");
    other.close();
  });
});
