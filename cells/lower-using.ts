import type { Node, Statement, VariableDeclaration } from 'acorn';

/**
 * Lowers explicit resource management (`using` and `await using` declarations, ECMA-262
 * §14.3.1 and §27.3) into plain JavaScript, which Node 20 can run; Chromium could run the
 * declarations as they are, and gets the same lowered code.
 *
 * Every statement list that declares `using` (a block, a function body, a class static
 * block, the cell itself) is wrapped, from its first statement to its end, in
 *
 *     const $stack = $runtime.stack(); try { ... } catch ($error) { $runtime.fail($stack, $error) } finally { $runtime.dispose($stack) }
 *
 * and each `using x = e` in it becomes `const x = $runtime.use($stack, false, (e))`, which
 * registers the resource (checking its dispose method, as the declaration does). Wrapping
 * the whole list rather than the statements after the declaration keeps function
 * declarations of the list visible to all of it. `for (using x = e; ...)` is wrapped as a
 * whole (with its labels); `for (using x of xs) body` becomes `for (const x of xs) body`
 * with `body` wrapped, so each iteration disposes its value.
 *
 * Like the rest of the compiler, every edit inserts or replaces text without adding or
 * removing a line terminator: the opening goes on the line of the list's first statement
 * and the closing on its last line.
 */

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface LoweredUsing {
  /**
   * For the cell's prologue line, before anything else there: the runtime, then, when the
   * cell's own statements declare `using`, the opening of the `try` around them (the
   * prologue's hoisted-function assignments must be inside it, where those functions are
   * declared). Empty when the cell has no `using`.
   */
  prologue: string;
  /**
   * Edits of the code, in the order to apply them. Among edits at one offset, they go after
   * the edits the compiler made before (the closing of the cell's `try` follows the result's
   * `return { value: (...) }`).
   */
  edits: Edit[];
}

interface RankedEdit extends Edit {
  /** Whether the edit closes a construct (closings come first at one offset, inner ones first). */
  closes: boolean;
  /** The length of the construct the edit belongs to: openings of outer constructs come first. */
  span: number;
}

/**
 * @param code the parsed text, which node offsets refer to
 * @param cellStatements the cell's top-level statements
 */
export function lowerUsing(code: string, cellStatements: Statement[]): LoweredUsing {
  // Fresh names: nothing in the code contains the prefix, so no binding can shadow them.
  let prefix = '__using';
  while (code.includes(prefix)) prefix += '_';
  const runtime = prefix;
  const stack = `${prefix}Stack`;
  const error = `${prefix}Error`;

  const edits: RankedEdit[] = [];
  const edit = (start: number, end: number, text: string, closes: boolean, span: number) =>
    edits.push({ start, end, text, closes, span });
  const tryOpen = `const ${stack} = ${runtime}.stack(); try { `;
  const tryClose = (isAsync: boolean) =>
    ` } catch (${error}) { ${runtime}.fail(${stack}, ${error}) } finally { ` +
    (isAsync ? `if (${stack}.async) await ${runtime}.disposeAsync(${stack}); else ` : '') +
    `${runtime}.dispose(${stack}) }`;

  /** `using` → `const`, padded to keep columns; without its initializers when `wrapInit` is false. */
  const lowerDeclaration = (declaration: VariableDeclaration, wrapInit: boolean) => {
    const keywordEnd = declaration.declarations[0]!.start;
    const keyword = code.slice(declaration.start, keywordEnd);
    // The grammar allows no line terminator there, but comments could hold one: keep them.
    edit(
      declaration.start,
      keywordEnd,
      'const' + keyword.slice(5).replace(/[^\r\n\u2028\u2029]/g, ' '),
      false,
      nodeSpan(declaration),
    );
    if (!wrapInit) return;
    const isAsync = declaration.kind === 'await using';
    for (const { init } of declaration.declarations) {
      if (init == null) continue;
      // The parentheses keep a parenthesised sequence expression (`using x = (a, b)`) whole.
      edit(init.start, init.start, `${runtime}.use(${stack}, ${isAsync}, (`, false, nodeSpan(init));
      edit(init.end, init.end, '))', true, nodeSpan(init));
    }
  };

  const wrapsFromLabel = new Map<Node, number>();
  forEachNode(cellStatements, (node) => {
    if (node.type === 'LabeledStatement') {
      // A wrapped `for` keeps its labels inside the wrapping block, or `continue label` breaks.
      let target: Node = node;
      while (target.type === 'LabeledStatement') target = (target as Statement & { body: Node }).body;
      if (!wrapsFromLabel.has(target)) wrapsFromLabel.set(target, node.start);
    } else if (node.type === 'BlockStatement' || node.type === 'StaticBlock') {
      const list = (node as Node & { body: Statement[] }).body;
      const declarations = list.filter(isUsingDeclaration);
      if (declarations.length === 0) return;
      const first = list.find((statement) => !isDirective(statement))!;
      edit(first.start, first.start, tryOpen, false, nodeSpan(node));
      edit(node.end - 1, node.end - 1, tryClose(declarations.some(isAwaitUsing)) + ' ', true, nodeSpan(node));
      for (const declaration of declarations) lowerDeclaration(declaration, true);
    } else if (node.type === 'ForStatement') {
      const { init } = node as Node & { init?: Node | null };
      if (!isUsingDeclaration(init)) return;
      const start = wrapsFromLabel.get(node) ?? node.start;
      edit(start, start, `{ ${tryOpen}`, false, node.end - start);
      edit(node.end, node.end, `${tryClose(isAwaitUsing(init))} }`, true, node.end - start);
      lowerDeclaration(init, true);
    } else if (node.type === 'ForOfStatement') {
      const { left, body } = node as Node & { left: Node; body: Node };
      if (!isUsingDeclaration(left)) return;
      const isAsync = isAwaitUsing(left);
      const { id } = left.declarations[0]!;
      if (id.type !== 'Identifier') throw new Error('lowerUsing: a using declaration binds a pattern');
      lowerDeclaration(left, false);
      // Ranked as the loop, not its body, so it encloses a body that is itself wrapped.
      edit(
        body.start,
        body.start,
        `{ ${tryOpen}${runtime}.use(${stack}, ${isAsync}, ${id.name}); `,
        false,
        nodeSpan(node),
      );
      edit(body.end, body.end, `${tryClose(isAsync)} }`, true, nodeSpan(node));
    }
  });

  const declarations = cellStatements.filter(isUsingDeclaration);
  let cellOpen = '';
  if (declarations.length > 0) {
    cellOpen = ` ${tryOpen}`;
    for (const declaration of declarations) lowerDeclaration(declaration, true);
    const end = cellStatements[cellStatements.length - 1]!.end;
    edit(end, end, tryClose(declarations.some(isAwaitUsing)), true, Infinity);
  }

  if (edits.length === 0) return { prologue: '', edits: [] };
  edits.sort(
    (a, b) =>
      a.start - b.start || Number(b.closes) - Number(a.closes) || (a.closes ? a.span - b.span : b.span - a.span),
  );
  return {
    prologue: `const ${runtime} = ${RUNTIME};${cellOpen}`,
    edits: edits.map(({ start, end, text }) => ({ start, end, text })),
  };
}

function isUsingDeclaration(node: Node | null | undefined): node is VariableDeclaration {
  if (node?.type !== 'VariableDeclaration') return false;
  const { kind } = node as VariableDeclaration;
  return kind === 'using' || kind === 'await using';
}

function isAwaitUsing(declaration: VariableDeclaration): boolean {
  return declaration.kind === 'await using';
}

function isDirective(statement: Statement): boolean {
  return statement.type === 'ExpressionStatement' && statement.directive !== undefined;
}

function nodeSpan(node: Node): number {
  return node.end - node.start;
}

/** Visits every AST node below `roots` (statements, expressions, patterns, ...), parents first. */
export function forEachNode(roots: unknown[], visit: (node: Node) => boolean | void): void {
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
    } else if (isNode(value)) {
      if (visit(value) === false) continue;
      for (const [key, child] of Object.entries(value)) {
        if (key !== 'loc' && typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The runtime of the lowered code: an expression, written on one line. It follows the
 * spec's AddDisposableResource and DisposeResources: the dispose method is looked up when
 * the declaration runs (a TypeError if there is none; `null` and `undefined` are allowed),
 * resources are disposed in reverse order, and an error thrown while disposing becomes a
 * SuppressedError whose `error` is the new error and `suppressed` the one already pending.
 * Where the engine has no SuppressedError (Node 20), an Error subclass of that name with the
 * same two properties stands in. Globals are reached through the global object (`this` of
 * a sloppy-mode function called plainly), since the cell runs inside `with` statements
 * where a binding could shadow them.
 */
const RUNTIME = `(function () {
  const global = this;
  const dispose = global.Symbol.dispose;
  const asyncDispose = global.Symbol.asyncDispose;
  const TypeError = global.TypeError;
  const apply = global.Reflect.apply;
  const define = (target, key, value) =>
    global.Object.defineProperty(target, key, { value, writable: true, configurable: true });
  const SuppressedError = global.SuppressedError || (() => {
    class SuppressedError extends global.Error {
      constructor(error, suppressed, message) {
        super(message);
        define(this, 'error', error);
        define(this, 'suppressed', suppressed);
      }
    }
    define(SuppressedError.prototype, 'name', 'SuppressedError');
    return SuppressedError;
  })();
  const methodOf = (value, key, description) => {
    const method = key === undefined ? undefined : value[key];
    if (method === undefined || method === null) return undefined;
    if (typeof method !== 'function') throw new TypeError(description + ' is not a function');
    return method;
  };
  const record = (stack, error) => {
    stack.error = stack.failed ? new SuppressedError(error, stack.error, 'An error was suppressed during disposal.') : error;
    stack.failed = true;
  };
  return {
    stack: () => ({ resources: [], async: false, failed: false, error: undefined }),
    use(stack, isAsync, value) {
      let method;
      if (value !== null && value !== undefined) {
        if (typeof value !== 'object' && typeof value !== 'function') {
          throw new TypeError((isAsync ? 'await using' : 'using') + ': a ' + typeof value + ' cannot be disposed; expected an object, null or undefined');
        }
        if (isAsync) {
          method = methodOf(value, asyncDispose, '[Symbol.asyncDispose]');
          if (method === undefined) {
            const sync = methodOf(value, dispose, '[Symbol.dispose]');
            if (sync !== undefined) method = async function () { apply(sync, this, []); };
          }
        } else {
          method = methodOf(value, dispose, '[Symbol.dispose]');
        }
        if (method === undefined) {
          throw new TypeError(isAsync
            ? 'await using: the value has no [Symbol.asyncDispose]() or [Symbol.dispose]() method'
            : 'using: the value has no [Symbol.dispose]() method');
        }
      } else if (!isAsync) {
        return value;
      }
      stack.resources.push({ value, method, isAsync });
      if (isAsync) stack.async = true;
      return value;
    },
    fail(stack, error) {
      stack.failed = true;
      stack.error = error;
    },
    dispose(stack) {
      for (let i = stack.resources.length - 1; i >= 0; i--) {
        const { value, method } = stack.resources[i];
        try {
          apply(method, value, []);
        } catch (error) {
          record(stack, error);
        }
      }
      if (stack.failed) throw stack.error;
    },
    async disposeAsync(stack) {
      let needsAwait = false;
      let hasAwaited = false;
      for (let i = stack.resources.length - 1; i >= 0; i--) {
        const { value, method, isAsync } = stack.resources[i];
        if (!isAsync && needsAwait && !hasAwaited) {
          await undefined;
          needsAwait = false;
        }
        if (method === undefined) {
          needsAwait = true;
          continue;
        }
        try {
          const result = apply(method, value, []);
          if (isAsync) {
            hasAwaited = true;
            await result;
          }
        } catch (error) {
          record(stack, error);
        }
      }
      if (needsAwait && !hasAwaited) await undefined;
      if (stack.failed) throw stack.error;
    },
  };
})()`.replace(/\s*\n\s*/g, ' ');
