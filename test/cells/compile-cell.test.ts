import { describe, expect, it } from 'vitest';
import { CompileError, compileCell, instantiateCell } from '../../cells/compile-cell.ts';

/** A session: one bindings object shared by every cell run through it. */
function session(api: object = {}) {
  const bindings: Record<string, unknown> = Object.create(null);
  const run = (source: string, cellName = 'cell-1') =>
    instantiateCell(compileCell(source, { cellName }))(bindings, api);
  return { bindings, run };
}

function compileError(source: string, cellName = 'cell-1'): CompileError {
  try {
    compileCell(source, { cellName });
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('expected a CompileError');
}

describe('compileCell: shared declarations', () => {
  it('shares a const declared in one cell with a later cell', async () => {
    const { run } = session();
    await run('const answer = 42');
    expect(await run('answer + 1', 'cell-2')).toEqual({ value: 43 });
  });

  it('re-runs a cell that declares a const without an already-declared error', async () => {
    const { run, bindings } = session();
    await run('const x = 1');
    await run('const x = 2');
    expect(bindings.x).toBe(2);
  });

  it('declares several names in one statement, resetting a let without initializer', async () => {
    const { run, bindings } = session();
    await run('let b = 5');
    await run('const a = 1, c = a + 1\nlet b');
    expect(bindings).toMatchObject({ a: 1, c: 2 });
    expect(Object.hasOwn(bindings, 'b')).toBe(true);
    expect(bindings.b).toBeUndefined();
  });

  it('keeps the value of a var redeclared without initializer, as JavaScript does', async () => {
    const { run, bindings } = session();
    await run('var v = 7');
    await run('var v');
    expect(bindings.v).toBe(7);
  });

  it('shares names bound by destructuring', async () => {
    const { run, bindings } = session();
    const result = await run(
      'const obj = { x: 1, y: [2, 3], z: 9, w: 8 }\nconst { x, y: [first, ...others], q = 4, ...rest } = obj\n' +
        'let [, second] = obj.y',
    );
    expect(result).toBeUndefined();
    expect(bindings).toMatchObject({ x: 1, first: 2, others: [3], q: 4, rest: { z: 9, w: 8 }, second: 3 });
  });

  it('reports every top-level declared name', () => {
    const compiled = compileCell(
      'const { a, b: [c] } = o\nlet d\nvar e = 1\nfunction f() {}\nclass G {}\nenum H { One }\nfor (const i of []) {}',
      { cellName: 'cell-1' },
    );
    expect(compiled.declaredNames).toEqual(['a', 'c', 'd', 'e', 'f', 'G', 'H']);
  });

  it('hoists a function so earlier lines of the cell and later cells can call it', async () => {
    const { run } = session();
    expect(await run('const early = twice(2)\nfunction twice(n: number) { return n * 2 }\nearly')).toEqual({
      value: 4,
    });
    expect(await run('twice(5)', 'cell-2')).toEqual({ value: 10 });
  });

  it('shares a class with a later cell', async () => {
    const { run } = session();
    await run(
      'class Point {\n  constructor(public x: number, public y: number) {}\n  sum() { return this.x + this.y }\n}',
    );
    expect(await run('new Point(1, 2).sum()', 'cell-2')).toEqual({ value: 3 });
  });

  it('shares an enum with a later cell', async () => {
    const { run } = session();
    await run('enum Color { Red, Green }');
    expect(await run('Color.Green', 'cell-2')).toEqual({ value: 1 });
  });

  it('keeps block-level, loop and function-internal declarations local', async () => {
    const { run, bindings } = session();
    await run(
      '{ const inBlock = 1 }\nfor (let i = 0; i < 2; i++) { let inLoop = i }\nfunction f() { const inner = 1; return inner }\nf()',
    );
    expect(Object.keys(bindings)).toEqual(['f']);
  });

  it('lets later cells see reassignments made by earlier ones', async () => {
    const { run } = session();
    await run('let counter = 0');
    await run('counter++');
    expect(await run('counter')).toEqual({ value: 1 });
  });

  it('resolves names from the api object, and lets a declaration shadow them', async () => {
    const { run } = session({ greet: (name: string) => `hello ${name}` });
    expect(await run("greet('jvm')")).toEqual({ value: 'hello jvm' });
    await run('const greet = () => 1', 'cell-2');
    expect(await run('greet()', 'cell-3')).toEqual({ value: 1 });
  });

  it('does not leak declarations onto the global object', async () => {
    const { run } = session();
    await run('const leakCheckName = 1\nclass LeakCheckClass {}');
    expect('leakCheckName' in globalThis).toBe(false);
    expect('LeakCheckClass' in globalThis).toBe(false);
  });
});

describe('compileCell: result', () => {
  it('returns the value of a final expression statement', async () => {
    const { run } = session();
    const compiled = compileCell('const a = 2\na * 21', { cellName: 'cell-1' });
    expect(compiled.hasResult).toBe(true);
    expect(await run('const a = 2\na * 21')).toEqual({ value: 42 });
  });

  it('returns the value of a final assignment', async () => {
    const { run } = session();
    await run('let x = 1');
    expect(await run('x = 5;')).toEqual({ value: 5 });
  });

  it('returns the value of a final parenthesised sequence expression', async () => {
    const { run } = session();
    expect(await run('(1, 2) // the last one wins')).toEqual({ value: 2 });
  });

  it('returns an object literal wrapped in parentheses', async () => {
    const { run } = session();
    expect(await run('({ a: 1 })')).toEqual({ value: { a: 1 } });
  });

  it('has no result when the last statement is a declaration', async () => {
    const { run } = session();
    const compiled = compileCell('1 + 1\nconst y = 3', { cellName: 'cell-1' });
    expect(compiled.hasResult).toBe(false);
    expect(await run('1 + 1\nconst y = 3')).toBeUndefined();
  });

  it('has no result for an empty cell', async () => {
    const { run } = session();
    expect(await run('// nothing here\n')).toBeUndefined();
  });

  it('does not let the next line continue a declaration that relies on automatic semicolons', async () => {
    const { run } = session();
    expect(await run('const f = () => {}\n(2)')).toEqual({ value: 2 });
    expect(await run('class K {}\n(3)')).toEqual({ value: 3 });
    expect(await run('let n = 1\n;[n] = [4]\nn')).toEqual({ value: 4 });
  });
});

describe('compileCell: async code', () => {
  it('supports top-level await', async () => {
    const { run } = session();
    expect(await run('const v = await Promise.resolve(6)\nawait new Promise((r) => setTimeout(r, 1))\nv * 7')).toEqual({
      value: 42,
    });
  });

  it('supports for await at the top level', async () => {
    const { run } = session();
    const source =
      'async function* gen() { yield 1; yield 2 }\nlet total = 0\nfor await (const n of gen()) total += n\ntotal';
    expect(await run(source)).toEqual({ value: 3 });
  });

  it('lowers using declarations in place, keeping them out of the shared names', () => {
    const source = 'await using res = open()\nusing other = open()\nconst shared = 1';
    const compiled = compileCell(source, { cellName: 'cell-1' });
    const lines = compiled.js.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^const {7}res = __using\.use\(__usingStack, true, \(open\(\)\)\)$/);
    expect(lines[2]).toMatch(/^const other = __using\.use\(__usingStack, false, \(open\(\)\)\)$/);
    expect(lines[3]).toMatch(/^;\( {4}shared = 1\); \} catch .* finally \{.*\}$/);
    expect(compiled.declaredNames).toEqual(['shared']);
  });

  it('keeps await using local and disposes the resource when the cell ends', async () => {
    const log: string[] = [];
    const { run, bindings } = session({ log });
    const source =
      'await using res = { [Symbol.asyncDispose]: async () => { log.push("disposed") } }\n' +
      'using sync = { [Symbol.dispose]: () => { log.push("sync disposed") } }\nlog.push("body")\nlog.length';
    expect(await run(source)).toEqual({ value: 1 });
    expect(log).toEqual(['body', 'sync disposed', 'disposed']);
    expect(Object.hasOwn(bindings, 'res')).toBe(false);
  });

  it('rejects the returned promise when the cell throws', async () => {
    const { run } = session();
    await expect(run('await null\nthrow new RangeError("late")')).rejects.toThrow(RangeError);
  });
});

describe('compileCell: TypeScript and line numbers', () => {
  it('strips types, keeping every line where it was', async () => {
    const source = [
      'interface Shape { area(): number }',
      'type Id = string',
      'const id: Id = "s1"',
      'function area(s: Shape): number {',
      '  return s.area()',
      '}',
      'const sq = { area: () => 4 } satisfies Shape',
      'area(sq as Shape)!',
    ].join('\n');
    const compiled = compileCell(source, { cellName: 'cell-1' });
    const body = compiled.js.split('\n').slice(1);
    expect(body).toHaveLength(8);
    expect(body[6]).toContain('area: () => 4');
    expect(await session().run(source)).toEqual({ value: 4 });
  });

  it('maps a stack-trace line of the running cell back to the TypeScript line', async () => {
    const source = 'const n: number = 1\ninterface Unused {\n  a: string\n}\nthrow new Error("boom")';
    const compiled = compileCell(source, { cellName: 'cell-7' });
    const error = await instantiateCell(compiled)(Object.create(null), {}).catch((e: unknown) => e);
    const match = /cell-7:(\d+):\d+/.exec((error as Error).stack ?? '');
    expect(match).not.toBeNull();
    expect(Number(match![1]) - compiled.lineOffset).toBe(5);
  });

  it('maps a stack-trace line from a hoisted function declared in the cell', async () => {
    const source = 'function fail(reason: string): never {\n  throw new Error(reason)\n}\nfail("x")';
    const compiled = compileCell(source, { cellName: 'cell-8' });
    const error = await instantiateCell(compiled)(Object.create(null), {}).catch((e: unknown) => e);
    const match = /cell-8:(\d+):\d+/.exec((error as Error).stack ?? '');
    expect(Number(match![1]) - compiled.lineOffset).toBe(2);
  });
});

describe('compileCell: errors', () => {
  it('reports a TypeScript syntax error with its line and column', () => {
    const error = compileError('const a = 1\nconst b: number = (a +\n', 'cell-3');
    expect(error).toMatchObject({
      name: 'CompileError',
      code: 'E_CELL_SYNTAX',
      cellName: 'cell-3',
      line: 3,
      column: 1,
    });
    expect(error.message).toMatch(/^cell-3:3:1: Unexpected token/);
  });

  it('reports an error found after type stripping at its TypeScript column', () => {
    const error = compileError('const ok = 1\nlet dup: string = "a"; let dup: number = 2');
    expect(error).toMatchObject({ line: 2, column: 28 });
    expect(error.reason).toBe("Identifier 'dup' has already been declared");
  });

  it('rejects import declarations and suggests a dynamic import', () => {
    const error = compileError('const a = 1\nimport { x } from "./x.js"\nx');
    expect(error).toMatchObject({ line: 2, column: 1 });
    expect(error.reason).toBe("import declarations are not supported in cells; use `await import('url')`");
  });

  it('rejects export declarations', () => {
    const error = compileError('export const a = 1');
    expect(error.reason).toMatch(/^export declarations are not supported in cells/);
  });

  it('accepts a dynamic import expression', () => {
    expect(
      compileCell('const m = await import("data:text/javascript,export default 1")', { cellName: 'c' }).declaredNames,
    ).toEqual(['m']);
  });

  it('rejects a return at the top level of a cell', () => {
    const error = compileError('const a = 1\nif (a) {\n  return a\n}');
    expect(error).toMatchObject({ line: 3, column: 3, reason: 'return is not allowed at the top level of a cell' });
  });

  it('accepts a return inside a function', () => {
    expect(compileCell('const f = () => { return 1 }\nfunction g() { return 2 }', { cellName: 'c' }).hasResult).toBe(
      false,
    );
  });

  it('rejects a namespace, which type stripping would silently delete', () => {
    const error = compileError('const a = 1\nnamespace Tools { export const b = 2 }');
    expect(error).toMatchObject({ line: 2, column: 1 });
    expect(error.reason).toMatch(/^namespace declarations are not supported/);
  });

  it('accepts an ambient namespace and an identifier named namespace', async () => {
    const { run } = session();
    expect(await run('declare namespace Env { const x: number }\nconst namespace = 3\nnamespace')).toEqual({
      value: 3,
    });
  });
});
