/**
 * Every row of the cell API table, against a real JVM through the real relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type KernelSession, type Stack } from '../support/stack.ts';

let stack: Stack;
let s: KernelSession;

beforeAll(async () => {
  stack = await startStack();
  s = await stack.connect();
});

afterAll(async () => {
  await stack?.close();
});

async function value(source: string): Promise<string | undefined> {
  const r = await s.run(source);
  if (r.status !== 'ok') throw new Error(`cell failed: ${JSON.stringify(r.error)}`);
  return r.result;
}

describe('the cell API', () => {
  it('refers to classes and packages without a round trip', async () => {
    const before = s.kernel.client.pipeline.messagesSent;
    await value('const { HashMap, ArrayList } = jvm.java.util; const T = jvm.java.util.TreeMap;');
    expect(s.kernel.client.pipeline.messagesSent).toBe(before);
  });

  it('constructs objects and calls instance methods', async () => {
    expect(
      await value(`const list = await new ArrayList(); await list.add(1); await list.add('two'); await list.size()`),
    ).toBe('2');
    expect(await value('list')).toBe('java.util.ArrayList: [1, two]');
  });

  it('calls static methods and reads static fields', async () => {
    expect(await value('await jvm.java.lang.Math.max(3, 4)')).toBe('4');
    expect(await value('await jvm.java.lang.Integer.MAX_VALUE')).toBe('2147483647');
    expect(await value('const out = await jvm.java.lang.System.out; typeof out.println')).toBe("'function'");
  });

  it('passes static fields named as arguments without an await', async () => {
    expect(await value('await jvm.java.util.concurrent.TimeUnit.SECONDS.toString()')).toBe("'SECONDS'");
    expect(
      await value(
        'await jvm.java.util.concurrent.TimeUnit.MILLISECONDS.convert(2, jvm.java.util.concurrent.TimeUnit.SECONDS)',
      ),
    ).toBe('2000n');
    const r = await s.run('await jvm.java.util.Objects.toString(jvm.java.util.List)');
    expect(r.error?.evalue).toMatch(/java.util.List is a Java class or package, not a value/);
  });

  it('reads and writes instance fields', async () => {
    expect(
      await value(
        `const p = await new jvm.java.awt.Point(1, 2); await setField(p, 'x', 40); await getField(p, 'x') + await getField(p, 'y')`,
      ),
    ).toBe('42');
    const r = await s.run(`await getField(p, 'nope')`);
    expect(r.status).toBe('error');
    expect(r.error?.evalue).toMatch(/No public field named nope/);
  });

  it('lets JS numbers reach double, long and int parameters, and varargs', async () => {
    expect(await value('await jvm.java.lang.Math.sqrt(16)')).toBe('4');
    expect(await value("await jvm.java.lang.String.format('%d-%s', 5, 'x')")).toBe("'5-x'");
    expect(await value("await jvm.java.lang.String.format('none')")).toBe("'none'");
    expect(await value('await jvm.java.lang.Math.abs(-2.5)')).toBe('2.5');
    expect(await value('await jvm.java.lang.Long.valueOf(5).then(l => l)')).toBe('5n');
    expect(await value('await jvm.java.util.Arrays.asList(1, 2, 3).then(l => l.size())')).toBe('3');
    expect(await value('const rnd = await new jvm.java.util.Random(42); typeof (await rnd.nextInt(10))')).toBe(
      "'number'",
    );
  });

  it('converts values both ways without precision loss', async () => {
    expect(await value("await new jvm.java.lang.StringBuilder('héllo\\nwörld\\\\').then(b => b.toString())")).toBe(
      "'héllo\\nwörld\\\\'",
    );
    expect(await value('await jvm.java.lang.Boolean.logicalXor(true, false)')).toBe('true');
    expect(await value('await jvm.java.util.Objects.isNull(null)')).toBe('true');
    expect(await value('await jvm.java.util.Objects.isNull(undefined)')).toBe('true');
    expect(await value('await jvm.java.lang.Long.MAX_VALUE')).toBe('9223372036854775807n');
    expect(await value('await jvm.java.lang.Math.addExact(9007199254740993n, 1n)')).toBe('9007199254740994n');
    expect(await value("(await new jvm.java.math.BigDecimal('0.1000000000000000000001')).text")).toBe(
      "'0.1000000000000000000001'",
    );
    expect(await value("await jvm.java.lang.Character.valueOf('x')")).toBe("'x'");
    expect(await value("await jvm.java.lang.Character.isDigit('7')")).toBe('true');
    expect(
      await value(
        'const bytes = await jvm.java.util.Base64.getDecoder().then(d => d.decode("AAH/")); [bytes instanceof Uint8Array, ...bytes]',
      ),
    ).toBe('[ true, 0, 1, 255 ]');
    expect(await value('await jvm.java.util.Arrays.toString(new Uint8Array([1, 2, 3]))')).toBe("'[1, 2, 3]'");
  });

  it('turns JS arrays, Maps and Sets passed as arguments into Java collections', async () => {
    expect(await value('const copy = await new ArrayList([1, [2, 3], "x"]); await copy.toString()')).toBe(
      "'[1, [2, 3], x]'",
    );
    expect(await value("const hm = await new HashMap(new Map([['a', 1]])); await hm.get('a')")).toBe('1');
    expect(await value('const hs = await new jvm.java.util.HashSet(new Set([1, 1, 2])); await hs.size()')).toBe('2');
  });

  it('copies Java collections into JS with toJS, recursively', async () => {
    expect(await value('await toJS(copy)')).toBe("[ 1, [ 2, 3 ], 'x' ]");
    expect(await value("const m = await new HashMap(); await m.put('k', [1, 2]); await toJS(m)")).toBe(
      "Map(1) { 'k' => [ 1, 2 ] }",
    );
    expect(await value('await toJS(hs)')).toBe('[ 1, 2 ]');
    expect(await value("await toJS(await newArray('java.lang.String', ['a', 'b']))")).toBe("[ 'a', 'b' ]");
  });

  it('iterates Java iterables, iterators and arrays with for await', async () => {
    expect(await value('const seen = []; for await (const e of copy) seen.push(String(e)); seen.length')).toBe('3');
    expect(await value('const it = []; for await (const e of await list.iterator()) it.push(e); it')).toBe(
      "[ 1, 'two' ]",
    );
    expect(await value("const arr = []; for await (const e of await newArray('int', 3)) arr.push(e); arr")).toBe(
      '[ 0, 0, 0 ]',
    );
  });

  it('makes Java arrays', async () => {
    expect(await value("const ia = await newArray('int', 3); [await ia.length, await ia[0]]")).toBe('[ 3, 0 ]');
    expect(await value("const grid = await newArray('double', 2, 3); await grid.length")).toBe('2');
  });

  it('throws JavaError with the Java class, message and stack trace', async () => {
    const out = await value(`let caught = 'no error';
    try { await jvm.java.lang.Integer.parseInt('zz') } catch (e) {
      caught = [e instanceof JavaError, e.javaClass, e.message, e.javaStackTrace.includes('at java.base/java.lang.Integer.parseInt')]
    }
    caught`);
    expect(out).toBe(`[ true, 'java.lang.NumberFormatException', 'For input string: "zz"', true ]`);
    const r = await s.run("await jvm.java.lang.Integer.parseInt('zz')");
    expect(r.status).toBe('error');
    expect(r.error?.ename).toBe('java.lang.NumberFormatException');
    expect(r.error?.traceback.join('\n')).toMatch(/line 1.*parseInt/);
    expect(r.error?.traceback.join('\n')).toMatch(/at java.base\/java.lang.Integer.parseInt/);
  });

  it('explains a call with no matching overload', async () => {
    const r = await s.run("await jvm.java.lang.Math.sqrt('x')");
    expect(r.error?.evalue).toMatch(
      /No overload of java.lang.Math.sqrt accepts \(String\). Candidates: sqrt\(double\)/,
    );
    const c = await s.run('await jvm.java.util.NoSuchClass.foo()');
    expect(c.error?.evalue).toMatch(/java.util is not a Java class|not a Java class/);
  });

  it('shows help pages and member names', async () => {
    expect(await value("(await help(jvm.java.lang.Math)).startsWith('Help on class Math')")).toBe('true');
    expect(await value("(await help(list)).includes('add(')")).toBe('true');
    expect(await value("(await dir(list)).includes('add')")).toBe('true');
    expect(await value("(await dir(jvm.java.lang.Math)).includes('sqrt')")).toBe('true');
  });

  it('exposes the gateway server, and says clearly that the embedded JVM has no entry point', async () => {
    expect(
      await value('typeof (await gateway.server.getGateway().then(g => g.getBindings()).then(b => b.size()))'),
    ).toBe("'number'");
    const r = await s.run('await gateway.entryPoint.toString()');
    expect(r.error?.evalue).toMatch(/no entry point/);
  });

  it('shows Java collections and JS arrays of records as tables with their total', async () => {
    const table = async (source: string) => {
      const r = await s.run(source);
      const out = r.outputs.find((o) => o.output_type === 'execute_result');
      const data =
        out?.output_type === 'execute_result' ? out.data['application/vnd.jvm-notebook.table+json'] : undefined;
      return data === undefined ? undefined : JSON.parse(data);
    };
    expect(await table('await new jvm.java.util.ArrayList(Array.from({ length: 150 }, (_, i) => i))')).toMatchObject({
      title: 'java.util.ArrayList',
      columns: ['value'],
      total: 150,
      rows: expect.arrayContaining([['0'], ['99']]),
    });
    expect(
      (await table('await new jvm.java.util.ArrayList(Array.from({ length: 150 }, (_, i) => i))')).rows,
    ).toHaveLength(100);
    expect(
      await table(
        "const tm = await new jvm.java.util.TreeMap(); await tm.put('a', 1); await tm.put('b', await new jvm.java.io.File('/tmp')); tm",
      ),
    ).toEqual({
      title: 'java.util.TreeMap',
      columns: ['key', 'value'],
      rows: [
        ['a', '1'],
        ['b', 'java.io.File: /tmp'],
      ],
      total: 2,
    });
    expect(await table("[{ name: 'x', n: 1 }, { name: 'y', extra: true }]")).toEqual({
      columns: ['name', 'n', 'extra'],
      rows: [
        ['x', '1', ''],
        ['y', '', 'true'],
      ],
      total: 2,
    });
    expect(await table('[1, 2, 3]')).toBeUndefined();
  });

  it('shows extra outputs with display', async () => {
    const r = await s.run("display('first'); display.html('<b>b</b>'); 1");
    expect(r.outputs.map((o) => o.output_type)).toEqual(['display_data', 'display_data', 'execute_result']);
  });

  it('answers independent calls in flight at once, each with its own answer, in order', async () => {
    expect(
      await value(`const nums = await new ArrayList();
      await Promise.all(Array.from({ length: 2000 }, (_, i) => nums.add(i)));
      const got = await Promise.all(Array.from({ length: 2000 }, (_, i) => nums.get(i)));
      got.every((v, i) => v === i)`),
    ).toBe('true');
  });

  it('resolves a class name once per JVM', async () => {
    await value('const keys = await jvm.java.util.concurrent.ConcurrentHashMap.newKeySet();');
    const names = s.kernel.client.names.cachedNames;
    const messages = s.kernel.client.pipeline.messagesSent;
    await value('const keys = await jvm.java.util.concurrent.ConcurrentHashMap.newKeySet();');
    // No name was asked about again; the call itself took one message (releases ride on their own channel).
    expect(s.kernel.client.names.cachedNames).toBe(names);
    expect(s.kernel.client.pipeline.messagesSent - messages).toBeLessThanOrEqual(2);
  });
});
