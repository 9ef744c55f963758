import { describe, expect, it } from 'vitest';
import { compileCell, instantiateCell } from '../../cells/compile-cell.ts';
import { makeJavaObject, type ProxyHost } from '../../cells/gateway/java-proxy.ts';
import type { JavaRef } from '../../cells/gateway/java-ref.ts';

/**
 * `using` and `await using` are lowered by the compiler, so these run on engines that
 * cannot parse them (Node 20) as well as on those that can.
 */

/** A session whose cells see `log` and factories of disposable resources that log their disposal. */
function session(extraApi: object = {}) {
  const log: string[] = [];
  const api = {
    log,
    /** A resource with a synchronous dispose method. */
    res: (name: string) => ({ name, [Symbol.dispose]: () => void log.push(`dispose ${name}`) }),
    /** A resource with an asynchronous dispose method that completes after a timer. */
    ares: (name: string) => ({
      name,
      [Symbol.asyncDispose]: () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            log.push(`async dispose ${name}`);
            resolve();
          }, 2),
        ),
    }),
    ...extraApi,
  };
  const bindings: Record<string, unknown> = Object.create(null);
  const run = (source: string, cellName = 'cell-1') =>
    instantiateCell(compileCell(source, { cellName }))(bindings, api);
  return { log, bindings, run };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the cell to throw');
    },
    (error: unknown) => error,
  );
}

describe('lowering using: the compiled code', () => {
  it('contains no using declaration and keeps every line where it was', () => {
    const source = [
      'await using a = await open("a")',
      'function f() {',
      '  using b = open("b"), c = open("c")',
      '  return b',
      '}',
      'for (await using d of list) {',
      '  log(d)',
      '}',
      'f()',
    ].join('\n');
    const { js } = compileCell(source, { cellName: 'cell-1' });
    const lines = js.split('\n');
    expect(lines).toHaveLength(1 + 9);
    expect(js).not.toMatch(/\busing [a-z]/);
    expect(lines[1]).toMatch(/^const {7}a = .*await open\("a"\)/);
    // The try opens on the line of the body's first statement and closes on its last line.
    expect(lines[3]).toMatch(/^ {2}const __usingStack = .*; try \{ const b = .*open\("b"\).*, c = .*open\("c"\)/);
    expect(lines[4]).toBe('  return b');
    expect(lines[5]).toMatch(/^ \} catch .* finally .*\}$/);
    expect(lines[6]).toMatch(/^for \(const {7}d of list\) \{/);
    expect(lines[9]).toMatch(/^return \{ value: \(f\(\)\) \}; \} catch .* finally \{.*await.*\}$/);
  });

  it('parses on engines without explicit resource management', () => {
    const { js } = compileCell('using a = open()\n{ await using b = open() }\nfor (using c of list) {}', {
      cellName: 'c',
    });
    expect(() => new Function(`return (async () => {\n${js}\n})`)).not.toThrow();
  });

  it('leaves a cell without using unchanged', () => {
    expect(compileCell('const a = 1\na', { cellName: 'c' }).js).toBe('\n;(    a = 1);\nreturn { value: (a) };');
  });

  it('picks helper names that no name of the cell can shadow', async () => {
    const { run, log } = session();
    const source =
      'const __using = 1, __usingStack = 2\n{ using r = res("r"); log.push(String(__using + __usingStack)) }\n__using';
    expect(await run(source)).toEqual({ value: 1 });
    expect(log).toEqual(['3', 'dispose r']);
  });
});

describe('lowering using: disposal', () => {
  it('disposes at the end of the block, before the next statement', async () => {
    const { run, log } = session();
    await run('{\n  using a = res("a")\n  log.push("in block")\n}\nlog.push("after block")');
    expect(log).toEqual(['in block', 'dispose a', 'after block']);
  });

  it('disposes in reverse order of declaration, declarators included', async () => {
    const { run, log } = session();
    await run('{\n  using a = res("a"), b = res("b")\n  log.push("between")\n  using c = res("c")\n}');
    expect(log).toEqual(['between', 'dispose c', 'dispose b', 'dispose a']);
  });

  it('passes the value through and keeps the binding constant', async () => {
    const { run } = session();
    expect(
      await run('{ using a = res("a"); a.name }\nconst f = () => { using a = res("b"); return a.name }\nf()'),
    ).toEqual({
      value: 'b',
    });
    await expect(run('{ using a = res("a"); a = null }')).rejects.toThrow(TypeError);
  });

  it('disposes the resources of nested blocks, each at its own end', async () => {
    const { run, log } = session();
    const source = [
      'using outer = res("outer")',
      'if (true) {',
      '  using middle = res("middle")',
      '  {',
      '    using inner = res("inner")',
      '    log.push("innermost")',
      '  }',
      '  log.push("after inner")',
      '}',
      'log.push("after middle")',
    ].join('\n');
    await run(source);
    expect(log).toEqual([
      'innermost',
      'dispose inner',
      'after inner',
      'dispose middle',
      'after middle',
      'dispose outer',
    ]);
  });

  it('disposes when a function body returns, after computing the returned value', async () => {
    const { run, log } = session();
    const source = [
      'function read(name: string) {',
      '  using r = res(name)',
      '  if (name === "early") return "returned early"',
      '  log.push("read " + r.name)',
      '  return r.name',
      '}',
      'const arrow = async () => { await using r = ares("arrow"); return r.name }',
      '[read("early"), read("late"), await arrow()]',
    ].join('\n');
    expect(await run(source)).toEqual({ value: ['returned early', 'late', 'arrow'] });
    expect(log).toEqual(['dispose early', 'read late', 'dispose late', 'async dispose arrow']);
  });

  it('disposes on break and continue out of a loop body', async () => {
    const { run, log } = session();
    const source = [
      'for (let i = 0; i < 3; i++) {',
      '  using r = res(String(i))',
      '  if (i === 0) continue',
      '  if (i === 1) break',
      '}',
    ].join('\n');
    await run(source);
    expect(log).toEqual(['dispose 0', 'dispose 1']);
  });

  it('disposes in a class static block and when a generator is closed early', async () => {
    const { run, log } = session();
    const source = [
      'class K { static { using r = res("static"); log.push("static block") } }',
      'function* items() {',
      '  using r = res("generator")',
      '  yield 1',
      '  yield 2',
      '}',
      'for (const item of items()) break',
      'log.push("done")',
    ].join('\n');
    await run(source);
    expect(log).toEqual(['static block', 'dispose static', 'dispose generator', 'done']);
  });

  it('allows null and undefined, which are not disposed', async () => {
    const { run, log } = session();
    await run(
      '{\n  using a = null, b = undefined\n  await using c = null\n  using d = res("d")\n  log.push(String(a) + String(b) + String(c))\n}',
    );
    expect(log).toEqual(['nullundefinednull', 'dispose d']);
  });

  it('keeps a parenthesised sequence expression whole', async () => {
    const { run, log } = session();
    await run('{ using a = (log.push("first"), res("a")) }');
    expect(log).toEqual(['first', 'dispose a']);
  });

  it('calls the dispose method with the resource as this', async () => {
    const { run, log } = session();
    await run(
      'class Res { constructor(public name: string) {}\n  [Symbol.dispose]() { log.push("disposed " + this.name) } }\n{ using r = new Res("x") }',
    );
    expect(log).toEqual(['disposed x']);
  });

  it('keeps strict mode of a function whose body is lowered', async () => {
    const { run } = session();
    expect(await run('function f() {\n  "use strict"\n  using r = res("r")\n  return this\n}\nf()')).toEqual({
      value: undefined,
    });
  });
});

describe('lowering using: errors', () => {
  it('disposes when the body throws, and the body error propagates', async () => {
    const { run, log } = session();
    const error = await rejection(
      run('{\n  using a = res("a")\n  throw new RangeError("body")\n}\nlog.push("not reached")'),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('body');
    expect(log).toEqual(['dispose a']);
  });

  it('throws the dispose error when only disposal fails, still disposing the others', async () => {
    const { run, log } = session({
      broken: () => ({
        [Symbol.dispose]() {
          throw new Error('dispose failed');
        },
      }),
    });
    const error = await rejection(run('using a = res("a"), b = broken(), c = res("c")\nlog.push("body")'));
    expect((error as Error).message).toBe('dispose failed');
    expect(log).toEqual(['body', 'dispose c', 'dispose a']);
  });

  it('keeps the body error as suppressed when disposal also throws', async () => {
    const { run } = session({
      broken: (message: string) => ({
        [Symbol.dispose]() {
          throw new Error(message);
        },
      }),
    });
    const error = (await rejection(
      run('using a = broken("first declared"), b = broken("second declared")\nthrow new Error("body")'),
    )) as Error & { error: Error; suppressed: Error & { error: Error; suppressed: Error } };
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SuppressedError');
    // Disposed last, so it is the outermost error; the pending one is suppressed.
    expect(error.error.message).toBe('first declared');
    expect(error.suppressed.name).toBe('SuppressedError');
    expect(error.suppressed.error.message).toBe('second declared');
    expect(error.suppressed.suppressed.message).toBe('body');
    expect(Object.keys(error)).not.toContain('suppressed');
  });

  it('throws a TypeError at the declaration when the dispose method is missing, disposing earlier resources', async () => {
    const { run, log } = session();
    const error = await rejection(
      run('{\n  using a = res("a")\n  using b = { name: "b" }\n  log.push("not reached")\n}'),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/Symbol\.dispose/);
    expect(log).toEqual(['dispose a']);
  });

  it('throws a TypeError for a dispose property that is not a function, or a primitive value', async () => {
    const { run } = session();
    await expect(run('using a = { [Symbol.dispose]: 1 }')).rejects.toThrow(TypeError);
    await expect(run('using a = 42')).rejects.toThrow(TypeError);
    await expect(run('await using a = "text"')).rejects.toThrow(TypeError);
    await expect(run('await using a = {}')).rejects.toThrow(/Symbol\.asyncDispose.*Symbol\.dispose/);
  });

  it('reports an error thrown in a lowered block at its TypeScript line', async () => {
    const source = 'using a = res("a")\nconst n: number = 1\n{\n  using b = res("b")\n  throw new Error("boom")\n}';
    const compiled = compileCell(source, { cellName: 'cell-9' });
    const { log } = session();
    const api = { log, res: (name: string) => ({ [Symbol.dispose]: () => void log.push(name) }) };
    const error = await rejection(instantiateCell(compiled)(Object.create(null), api));
    const match = /cell-9:(\d+):\d+/.exec((error as Error).stack ?? '');
    expect(match).not.toBeNull();
    expect(Number(match![1]) - compiled.lineOffset).toBe(5);
    expect(log).toEqual(['b', 'a']);
  });
});

describe('lowering using: await using', () => {
  it('awaits the async dispose method before the block ends', async () => {
    const { run, log } = session();
    await run('{\n  await using a = ares("a")\n  log.push("in block")\n}\nlog.push("after block")');
    expect(log).toEqual(['in block', 'async dispose a', 'after block']);
  });

  it('falls back to Symbol.dispose, and mixes with sync using in reverse order', async () => {
    const { run, log } = session();
    await run(
      '{\n  await using a = ares("a")\n  await using b = res("b")\n  using c = res("c")\n  await using d = ares("d")\n}\nlog.push("after")',
    );
    expect(log).toEqual(['async dispose d', 'dispose c', 'dispose b', 'async dispose a', 'after']);
  });

  it('turns a rejected async disposal into a throw of the block', async () => {
    const { run, log } = session({
      failing: () => ({ [Symbol.asyncDispose]: () => Promise.reject(new Error('async dispose failed')) }),
    });
    await expect(run('{\n  await using a = failing()\n  log.push("body")\n}')).rejects.toThrow('async dispose failed');
    expect(log).toEqual(['body']);
  });

  it('keeps a top-level await using local and disposes it before the cell result is delivered', async () => {
    const { run, log, bindings } = session();
    const source = 'await using res1 = ares("top")\nconst shared = res1.name\nlog.push("body")\nlog.length';
    expect(await run(source)).toEqual({ value: 1 });
    expect(log).toEqual(['body', 'async dispose top']);
    expect(Object.hasOwn(bindings, 'res1')).toBe(false);
    expect(bindings.shared).toBe('top');
    expect(compileCell(source, { cellName: 'c' })).toMatchObject({ hasResult: true, declaredNames: ['shared'] });
  });

  it('still hoists the functions of a lowered cell, for earlier lines and later cells', async () => {
    const { run, log } = session();
    expect(
      await run('const early = twice(2)\nawait using r = ares("r")\nfunction twice(n: number) { return n * 2 }\nearly'),
    ).toEqual({
      value: 4,
    });
    expect(await run('twice(5)', 'cell-2')).toEqual({ value: 10 });
    expect(log).toEqual(['async dispose r']);
  });

  it('releases a Java object proxy at the end of the cell', async () => {
    const released: string[] = [];
    const host = { releaseRef: (ref: JavaRef) => void released.push(ref.id) } as unknown as ProxyHost;
    const list = makeJavaObject({ id: 'o7', refKind: 'object' } as unknown as JavaRef, host);
    const { run, log } = session({ jvm: { newList: async () => list } });
    expect(await run('await using list = await jvm.newList()\nlog.push("using " + String(list))\n1')).toEqual({
      value: 1,
    });
    expect(log).toEqual(['using [JavaObject(o7)]']);
    expect(released).toEqual(['o7']);
  });
});

describe('lowering using: loops', () => {
  it('disposes the value of each iteration of for (using x of ...) at the end of that iteration', async () => {
    const { run, log } = session();
    const source = [
      'for (using r of [res("a"), res("b"), res("c")]) {',
      '  log.push("body " + r.name)',
      '  if (r.name === "b") break',
      '}',
      'for (using r of [null, res("single")]) log.push("statement body")',
    ].join('\n');
    await run(source);
    expect(log).toEqual([
      'body a',
      'dispose a',
      'body b',
      'dispose b',
      'statement body',
      'statement body',
      'dispose single',
    ]);
  });

  it('awaits each disposal of for (await using x of ...) and for await (using x of ...)', async () => {
    const { run, log } = session();
    const source = [
      'for (await using r of [ares("a"), res("b")]) log.push("body " + r.name)',
      'async function* gen() { yield res("c") }',
      'for await (using r of gen()) log.push("body " + r.name)',
    ].join('\n');
    await run(source);
    expect(log).toEqual(['body a', 'async dispose a', 'body b', 'dispose b', 'body c', 'dispose c']);
  });

  it('disposes the value of each iteration when the body throws, and closes the loop', async () => {
    const { run, log } = session();
    const error = await rejection(run('for (using r of [res("a"), res("b")]) {\n  throw new Error("in " + r.name)\n}'));
    expect((error as Error).message).toBe('in a');
    expect(log).toEqual(['dispose a']);
  });

  it('disposes the resource of for (using x = ...; ...) once, after the loop, keeping its labels', async () => {
    const { run, log } = session();
    const source = [
      'outer: for (using r = res("loop"); log.length < 4; ) {',
      '  log.push("iteration")',
      '  for (let i = 0; i < 2; i++) continue outer',
      '}',
      'log.push("after")',
    ].join('\n');
    await run(source);
    expect(log).toEqual(['iteration', 'iteration', 'iteration', 'iteration', 'dispose loop', 'after']);
  });

  it('nests a lowered loop directly in another lowered loop', async () => {
    const { run, log } = session();
    await run('for (using a of [res("a")]) for (using b = res("b"); log.length < 1; ) log.push("body")');
    expect(log).toEqual(['body', 'dispose b', 'dispose a']);
  });
});
