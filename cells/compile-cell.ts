import { transform, type Options as SucraseOptions } from 'sucrase';
import { parse, tokenizer, type Node, type Pattern, type Program, type Statement, type Token } from 'acorn';
import { positionOf, tsOffsetOf } from './compile-position.ts';
import { forEachNode, lowerUsing, type Edit } from './lower-using.ts';

/**
 * Turns the TypeScript source of one cell into the body of an async function that
 * shares its top-level declarations with every other cell of the session.
 *
 * The body runs inside `with (__api) { with (__bindings) { ... } }`: top-level
 * `const`/`let`/`var`/`class` declarations are rewritten into assignments, which
 * land in `__bindings` because `instantiateCell` creates each declared name there
 * first. Every rewrite splices text at node offsets without adding or removing a
 * newline, so a line of the TypeScript source is the same line of `js`. `using` and
 * `await using` declarations are lowered into `try`/`finally` (see `lower-using.ts`), so
 * engines without explicit resource management (Node 20) run them too.
 */

export interface CompiledCell {
  cellName: string;
  /** The body of an async function; see `instantiateCell` for how it is run. */
  js: string;
  /** Names declared at the top level of the cell, in order of appearance. */
  declaredNames: string[];
  /** Lines before the cell's first line in the function `instantiateCell` builds: tsLine = jsLine - lineOffset. */
  lineOffset: number;
  /** Whether the cell ends with an expression whose value is the cell's result. */
  hasResult: boolean;
}

export interface CompileOptions {
  cellName: string;
}

export type CellRunner = (bindings: object, api: object) => Promise<{ value: unknown } | undefined>;

export class CompileError extends Error {
  override readonly name = 'CompileError';
  readonly code = 'E_CELL_SYNTAX';
  readonly cellName: string;
  /** 1-based line in the TypeScript source. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) in the TypeScript source. */
  readonly column: number;
  /** The message without the cell name and position. */
  readonly reason: string;

  constructor(
    reason: string,
    where: { cellName: string; line: number; column: number },
    options?: { cause?: unknown },
  ) {
    super(`${where.cellName}:${where.line}:${where.column}: ${reason}`, options);
    this.cellName = where.cellName;
    this.line = where.line;
    this.column = where.column;
    this.reason = reason;
  }
}

// The spec builds a dynamic function's source as `function anonymous(<params>\n) {\n<body>\n}`
// (CreateDynamicFunction, ECMA-262 §20.2.1.1.1), so the body starts on its third line.
const FUNCTION_HEADER_LINES = 2;
const WRAPPER_OPEN = 'with (__api) { with (__bindings) { return (async () => {\n';
const WRAPPER_CLOSE = '\n})(); } }';
// `js` starts with one line of prologue (the runtime of lowered `using` declarations, and
// hoisted function assignments; possibly empty).
const PROLOGUE_LINES = 1;
const LINE_OFFSET = FUNCTION_HEADER_LINES + 1 + PROLOGUE_LINES;

// Parsing the cell as the body of an async arrow gives exactly the early errors of the
// context it runs in, and allows top-level `await` and `using` (which acorn refuses at the
// top level of a script).
const PARSE_PREFIX = '(async () => {\n';
const PARSE_SUFFIX = '\n})';

const SUCRASE_OPTIONS: SucraseOptions = {
  transforms: ['typescript'],
  disableESTransforms: true,
  // Without this sucrase silently drops imports whose names are unused; we want to reject them.
  keepUnusedImports: true,
};

export function compileCell(source: string, options: CompileOptions): CompiledCell {
  const { cellName } = options;
  const fail = (reason: string, tsOffset: number, cause?: unknown): CompileError =>
    new CompileError(reason, { cellName, ...positionOf(source, tsOffset) }, { cause });

  let stripped: string;
  try {
    stripped = transform(source, SUCRASE_OPTIONS).code;
  } catch (error) {
    throw fail(withoutPosition(messageOf(error)), offsetOf(error) ?? 0, error);
  }

  const namespaceAt = findValueNamespace(source);
  if (namespaceAt !== undefined) {
    throw fail('namespace declarations are not supported in cells; use a plain object instead', namespaceAt);
  }

  const wrapped = PARSE_PREFIX + stripped + PARSE_SUFFIX;
  let program: Program;
  try {
    program = parse(wrapped, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: false,
      locations: true,
    });
  } catch (error) {
    const jsOffset = Math.max(0, (offsetOf(error) ?? PARSE_PREFIX.length) - PARSE_PREFIX.length);
    throw fail(
      parseErrorReason(error, stripped, jsOffset),
      tsOffsetOf(source, stripped, jsOffset, SUCRASE_OPTIONS),
      error,
    );
  }

  // Node offsets are relative to `wrapped`; the rewrite works on it and never edits the
  // prefix or suffix, which are cut off afterwards.
  const body = cellStatements(program);
  const misplacedReturn = findReturn(body);
  if (misplacedReturn !== undefined) {
    const jsOffset = misplacedReturn.start - PARSE_PREFIX.length;
    throw fail(
      'return is not allowed at the top level of a cell',
      tsOffsetOf(source, stripped, jsOffset, SUCRASE_OPTIONS),
    );
  }

  const { code, prologue, declaredNames, hasResult } = rewrite(wrapped, body);
  const js = `${prologue}\n${code.slice(PARSE_PREFIX.length, code.length - PARSE_SUFFIX.length)}`;
  return { cellName, js, declaredNames, lineOffset: LINE_OFFSET, hasResult };
}

/**
 * Builds the runner of a compiled cell. Each call creates, in `bindings`, every name the
 * cell declares (as `undefined` when absent) so that the rewritten assignments land there
 * rather than on the global object, then runs the cell. The compiled code needs nothing
 * else from the caller: the runtime of lowered `using` declarations is in its prologue.
 */
export function instantiateCell(compiled: CompiledCell): CellRunner {
  const sourceUrl = compiled.cellName.replace(/\s/g, '_');
  const run = new Function(
    '__bindings',
    '__api',
    `${WRAPPER_OPEN}${compiled.js}${WRAPPER_CLOSE}\n//# sourceURL=${sourceUrl}`,
  ) as CellRunner;
  return (bindings, api) => {
    for (const name of compiled.declaredNames) {
      if (!Object.hasOwn(bindings, name)) (bindings as Record<string, unknown>)[name] = undefined;
    }
    return run(bindings, api);
  };
}

function cellStatements(program: Program): Statement[] {
  const [wrapper] = program.body;
  if (wrapper?.type !== 'ExpressionStatement' || wrapper.expression.type !== 'ArrowFunctionExpression') {
    throw new Error('compileCell: the parse wrapper did not produce an arrow function');
  }
  const arrowBody = wrapper.expression.body;
  if (arrowBody.type !== 'BlockStatement') throw new Error('compileCell: the parse wrapper has no block body');
  return arrowBody.body;
}

interface Rewritten {
  code: string;
  /**
   * One line: the runtime of lowered `using` declarations, then statements that copy the
   * cell's function declarations into `__bindings`.
   */
  prologue: string;
  declaredNames: string[];
  hasResult: boolean;
}

function rewrite(code: string, body: Statement[]): Rewritten {
  const names = new Set<string>();
  const hoisted: string[] = [];
  const edits: Edit[] = [];
  const insert = (at: number, text: string) => edits.push({ start: at, end: at, text });
  const endsWithSemicolon = (node: Node) => code[node.end - 1] === ';';

  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') {
      const { kind, declarations } = statement;
      // `using` declarations stay local: `lowerUsing` disposes them when the cell's body ends.
      if (kind === 'using' || kind === 'await using') continue;
      // `;(...)` turns the declarators into one sequence expression; the leading `;` keeps
      // an unterminated previous line from being continued, and padding keeps columns.
      edits.push({ start: statement.start, end: statement.start + kind.length, text: ';('.padEnd(kind.length) });
      for (const declarator of declarations) {
        collectNames(declarator.id, names);
        // `let x;` re-run must reset x, while `var x;` keeps the value, as in JavaScript.
        if (declarator.init == null && kind !== 'var') insert(declarator.id.end, ' = undefined');
      }
      const last = declarations[declarations.length - 1]!;
      insert(last.end, endsWithSemicolon(statement) ? ')' : ');');
    } else if (statement.type === 'FunctionDeclaration') {
      const name = statement.id.name;
      names.add(name);
      hoisted.push(`__bindings.${name} = ${name};`);
    } else if (statement.type === 'ClassDeclaration') {
      const name = statement.id.name;
      names.add(name);
      insert(statement.start, `${name} = `);
      if (!endsWithSemicolon(statement)) insert(statement.end, ';');
    }
  }

  const last = body[body.length - 1];
  const hasResult = last?.type === 'ExpressionStatement';
  if (hasResult) {
    // Wrap the whole statement, not `expression`: acorn's expression node excludes
    // surrounding parentheses, which belong to the statement.
    insert(last.start, 'return { value: (');
    insert(endsWithSemicolon(last) ? last.end - 1 : last.end, ') }');
    if (!endsWithSemicolon(last)) insert(last.end, ';');
  }

  // After the edits above: at one offset, the closing of the cell's `try` follows the result's.
  const using = lowerUsing(code, body);
  edits.push(...using.edits);
  const prologue = [using.prologue, ...hoisted].filter((part) => part !== '').join(' ');
  return { code: applyEdits(code, edits), prologue, declaredNames: [...names], hasResult };
}

function applyEdits(code: string, edits: Edit[]): string {
  // Stable sort: several insertions at one offset keep the order they were made in.
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + code.slice(at);
}

function collectNames(pattern: Pattern, names: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        collectNames(property.type === 'RestElement' ? property.argument : property.value, names);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) collectNames(element, names);
      break;
    case 'AssignmentPattern':
      collectNames(pattern.left, names);
      break;
    case 'RestElement':
      collectNames(pattern.argument, names);
      break;
    case 'MemberExpression':
      break;
  }
}

function findReturn(body: Statement[]): Node | undefined {
  let found: Node | undefined;
  forEachNode(body, (node) => {
    if (node.type === 'ReturnStatement' && (found === undefined || node.start < found.start)) found = node;
    // A `return` inside a function belongs to that function.
    return !node.type.includes('Function');
  });
  return found;
}

/**
 * Sucrase treats every `namespace`/`module` block as type-only and removes it, values
 * included (a known sucrase limitation), so a cell declaring one would silently lose code.
 * The source is scanned with acorn's tokenizer, which copes with type syntax well enough;
 * if it gives up, the check is skipped.
 */
function findValueNamespace(source: string): number | undefined {
  const tokens: Token[] = [];
  try {
    for (const token of tokenizer(source, { ecmaVersion: 'latest', allowHashBang: true })) tokens.push(token);
  } catch {
    return undefined;
  }
  const isName = (token: Token | undefined, ...values: string[]) =>
    token?.type.label === 'name' && (values.length === 0 || values.includes(source.slice(token.start, token.end)));
  for (let i = 0; i + 2 < tokens.length; i++) {
    const keyword = tokens[i]!;
    const name = tokens[i + 1]!;
    const next = tokens[i + 2]!;
    if (!isName(keyword, 'namespace', 'module') || !isName(name)) continue;
    if (/[\n\r\u2028\u2029]/.test(source.slice(keyword.end, name.start))) continue;
    if (next.type.label !== '{' && next.type.label !== '.') continue;
    if (isName(tokens[i - 1], 'declare')) continue;
    return keyword.start;
  }
  return undefined;
}

function parseErrorReason(error: unknown, code: string, jsOffset: number): string {
  const reason = withoutPosition(messageOf(error));
  if (/'import' and 'export' may/.test(reason)) {
    if (code.startsWith('import', jsOffset)) {
      return "import declarations are not supported in cells; use `await import('url')`";
    }
    if (code.startsWith('export', jsOffset)) {
      return 'export declarations are not supported in cells; top-level declarations are already shared with later cells';
    }
  }
  return reason;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function offsetOf(error: unknown): number | undefined {
  const pos = (error as { pos?: unknown } | null)?.pos;
  return typeof pos === 'number' ? pos : undefined;
}

/** Sucrase and acorn both append ` (line:column)` to their messages; we report it separately. */
function withoutPosition(message: string): string {
  return message.replace(/ \(\d+:\d+\)$/, '');
}
