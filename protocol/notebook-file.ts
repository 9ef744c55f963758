/**
 * Reading and writing `.ipynb` files (nbformat 4). Pure functions: no I/O.
 *
 * In memory, multi-line fields (`source`, stream `text`, mime data) are single strings;
 * on disk they are written as arrays of lines, as Jupyter writes them. Fields this module
 * does not know about — on the notebook, a cell or an output — are kept on the objects
 * and written back unchanged, so a notebook from another tool survives a save.
 * Reference: https://nbformat.readthedocs.io/en/latest/format_description.html and
 * nbformat's `v4/rwbase.py` (`split_lines`, `rejoin_lines`).
 */

export interface NotebookDoc {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

export type NotebookCell = CodeCell | MarkdownCell | RawCell;

export interface CodeCell {
  id: string;
  cell_type: 'code';
  source: string;
  metadata: Record<string, unknown>;
  outputs: CellOutput[];
  execution_count: number | null;
}

export interface MarkdownCell {
  id: string;
  cell_type: 'markdown';
  source: string;
  metadata: Record<string, unknown>;
}

export interface RawCell {
  id: string;
  cell_type: 'raw';
  source: string;
  metadata: Record<string, unknown>;
}

// The output shapes are the kernel's own (outputs.ts): one definition for both.
export type {
  CellOutput,
  StreamOutput,
  MimeBundle,
  ExecuteResultOutput,
  DisplayDataOutput,
  ErrorOutput,
} from './outputs.ts';
import type { CellOutput, MimeBundle } from './outputs.ts';
import { newCellId } from './cell-id.ts';

export interface NotebookFileOptions {
  /** Makes ids for cells that lack one; defaults to 8 random hex digits, like nbformat. */
  newId?: () => string;
}

export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';
  readonly code = 'E_NOTEBOOK_FORMAT';
  readonly fileName: string;
  /** 1-based position of a JSON syntax error, when that is what is wrong. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(fileName: string, problem: string, options?: { cause?: unknown; line?: number; column?: number }) {
    super(`${fileName}: ${problem}`, { cause: options?.cause });
    this.fileName = fileName;
    this.line = options?.line;
    this.column = options?.column;
  }
}

const WRITTEN_MINOR = 5;
const DEFAULT_KERNELSPEC = { name: 'jvm-notebook', display_name: 'TypeScript (JVM)', language: 'typescript' };
const DEFAULT_LANGUAGE_INFO = { name: 'typescript', file_extension: '.ts' };
// nbformat 4.5 schema: "^[a-zA-Z0-9-_]+$", 1 to 64 characters.
const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export { newCellId };

export function newNotebook(options: NotebookFileOptions = {}): NotebookDoc {
  const newId = options.newId ?? newCellId;
  return {
    nbformat: 4,
    nbformat_minor: WRITTEN_MINOR,
    metadata: { kernelspec: { ...DEFAULT_KERNELSPEC }, language_info: { ...DEFAULT_LANGUAGE_INFO } },
    cells: [{ id: newId(), cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null }],
  };
}

export function parseNotebook(text: string, fileName: string, options: NotebookFileOptions = {}): NotebookDoc {
  const fail = (problem: string): never => {
    throw new NotebookFormatError(fileName, problem);
  };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const syntax = findJsonSyntaxError(text);
    if (syntax === undefined)
      throw new NotebookFormatError(fileName, `invalid JSON: ${messageOf(error)}`, { cause: error });
    const { line, column } = positionOf(text, syntax.offset);
    throw new NotebookFormatError(fileName, `invalid JSON at line ${line}, column ${column}: ${syntax.problem}`, {
      cause: error,
      line,
      column,
    });
  }

  if (!isRecord(json)) return fail(`expected a JSON object at the top level, found ${typeName(json)}`);
  if (json.nbformat === undefined) return fail('"nbformat" is missing; is this a Jupyter notebook?');
  if (json.nbformat !== 4) {
    return fail(
      `nbformat ${JSON.stringify(json.nbformat)} is not supported (expected 4); upgrade it with \`jupyter nbconvert --to notebook\``,
    );
  }
  const minor = json.nbformat_minor;
  if (!isCount(minor)) return fail(`"nbformat_minor" must be a non-negative integer, found ${describe(minor)}`);
  const metadata = recordOrEmpty(json.metadata, '"metadata"', fail);
  if (!Array.isArray(json.cells)) return fail(`"cells" must be an array, found ${typeName(json.cells)}`);

  const newId = options.newId ?? newCellId;
  const usedIds = new Set<string>();
  const cells = json.cells.map((raw: unknown, index) => {
    const cell = parseCell(raw, `cell ${index + 1}`, fail);
    // nbformat < 4.5 has no ids; nbformat itself also adds missing ones and replaces
    // duplicates (`validate(repair_duplicate_cell_ids=True)`) rather than failing.
    let id = cell.id;
    while (id === undefined || usedIds.has(id)) id = newId();
    usedIds.add(id);
    return { ...cell, id };
  });
  return { ...json, nbformat: 4, nbformat_minor: minor, metadata, cells };
}

export function serializeNotebook(doc: NotebookDoc): string {
  const metadata = {
    ...doc.metadata,
    kernelspec: doc.metadata.kernelspec ?? { ...DEFAULT_KERNELSPEC },
    language_info: doc.metadata.language_info ?? { ...DEFAULT_LANGUAGE_INFO },
  };
  const file = {
    ...doc,
    nbformat: 4,
    nbformat_minor: Math.max(doc.nbformat_minor, WRITTEN_MINOR),
    metadata,
    cells: doc.cells.map(serializeCell),
  };
  // Jupyter writes with sorted keys and a one-space indent (nbformat `v4/nbjson.py`);
  // doing the same keeps diffs against Jupyter-written files small.
  return `${JSON.stringify(sortKeys(file), null, 1)}\n`;
}

type Fail = (problem: string) => never;

/** A cell as read: the id may be missing, to be filled in once all ids are known. */
type ParsedCell = WithoutId<NotebookCell>;
type WithoutId<Cell> = Cell extends unknown ? Omit<Cell, 'id'> & { id: string | undefined } : never;

function parseCell(raw: unknown, where: string, fail: Fail): ParsedCell {
  if (!isRecord(raw)) return fail(`${where} must be an object, found ${typeName(raw)}`);
  const cellType = raw.cell_type;
  if (cellType !== 'code' && cellType !== 'markdown' && cellType !== 'raw') {
    return fail(
      typeof cellType === 'string'
        ? `${where} has unknown cell_type ${JSON.stringify(cellType)}`
        : `${where} has no "cell_type"`,
    );
  }
  const id = raw.id;
  if (id !== undefined && (typeof id !== 'string' || !CELL_ID.test(id))) {
    return fail(`${where} has an invalid id ${describe(id)} (expected 1 to 64 letters, digits, "-" or "_")`);
  }
  const common = {
    ...raw,
    id,
    source: multilineString(raw.source, `${where}: "source"`, fail),
    metadata: recordOrEmpty(raw.metadata, `${where}: "metadata"`, fail),
  };
  if (cellType !== 'code') return { ...common, cell_type: cellType };

  const count = raw.execution_count ?? null;
  if (count !== null && !isCount(count)) {
    return fail(`${where}: "execution_count" must be a non-negative integer or null, found ${describe(count)}`);
  }
  const outputs = raw.outputs ?? [];
  if (!Array.isArray(outputs)) return fail(`${where}: "outputs" must be an array, found ${typeName(outputs)}`);
  return {
    ...common,
    cell_type: 'code',
    execution_count: count,
    outputs: outputs.map((output: unknown, index) => parseOutput(output, `${where}, output ${index + 1}`, fail)),
  };
}

function parseOutput(raw: unknown, where: string, fail: Fail): CellOutput {
  if (!isRecord(raw)) return fail(`${where} must be an object, found ${typeName(raw)}`);
  const outputType = raw.output_type;
  switch (outputType) {
    case 'stream': {
      if (raw.name !== 'stdout' && raw.name !== 'stderr') {
        return fail(`${where}: stream "name" must be "stdout" or "stderr", found ${describe(raw.name)}`);
      }
      return {
        ...raw,
        output_type: 'stream',
        name: raw.name,
        text: multilineString(raw.text, `${where}: "text"`, fail),
      };
    }
    case 'execute_result':
    case 'display_data': {
      const data = parseMimeBundle(raw.data, `${where}: "data"`, fail);
      const metadata = recordOrEmpty(raw.metadata, `${where}: "metadata"`, fail);
      if (outputType === 'display_data') return { ...raw, output_type: 'display_data', data, metadata };
      const count = raw.execution_count ?? null;
      if (count !== null && !isCount(count)) {
        return fail(`${where}: "execution_count" must be a non-negative integer or null, found ${describe(count)}`);
      }
      return { ...raw, output_type: 'execute_result', execution_count: count, data, metadata };
    }
    case 'error': {
      for (const key of ['ename', 'evalue'] as const) {
        if (typeof raw[key] !== 'string')
          return fail(`${where}: "${key}" must be a string, found ${typeName(raw[key])}`);
      }
      const traceback = raw.traceback ?? [];
      if (!isStringArray(traceback)) return fail(`${where}: "traceback" must be an array of strings`);
      return { ...raw, output_type: 'error', ename: String(raw.ename), evalue: String(raw.evalue), traceback };
    }
    default:
      return fail(
        typeof outputType === 'string'
          ? `${where} has unknown output_type ${JSON.stringify(outputType)}`
          : `${where} has no "output_type"`,
      );
  }
}

function parseMimeBundle(raw: unknown, where: string, fail: Fail): MimeBundle {
  const data = recordOrEmpty(raw, where, fail);
  const bundle: MimeBundle = {};
  for (const [mime, value] of Object.entries(data)) {
    if (isJsonMime(mime)) bundle[mime] = JSON.stringify(value);
    else bundle[mime] = multilineString(value, `${where} ${JSON.stringify(mime)}`, fail);
  }
  return bundle;
}

function serializeCell(cell: NotebookCell): Record<string, unknown> {
  const file: Record<string, unknown> = { ...cell, source: splitLines(cell.source) };
  if (cell.cell_type === 'code') {
    file.outputs = cell.outputs.map(serializeOutput);
    file.execution_count = cell.execution_count ?? null;
  } else {
    // These belong to code cells only; they linger when a cell's type was changed by spreading.
    delete file.outputs;
    delete file.execution_count;
  }
  return file;
}

function serializeOutput(output: CellOutput): Record<string, unknown> {
  switch (output.output_type) {
    case 'stream':
      return { ...output, text: splitLines(output.text) };
    case 'execute_result':
    case 'display_data':
      return { ...output, data: serializeMimeBundle(output.data), metadata: output.metadata ?? {} };
    case 'error':
      return { ...output };
  }
}

function serializeMimeBundle(bundle: MimeBundle): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(bundle)) {
    if (isJsonMime(mime)) data[mime] = parseJsonOr(value);
    // nbformat splits text/* and two textual non-text types; other types (base64 images)
    // stay one string.
    else if (mime.startsWith('text/') || mime === 'application/javascript' || mime === 'image/svg+xml') {
      data[mime] = splitLines(value);
    } else data[mime] = value;
  }
  return data;
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Like Python's `str.splitlines(True)`, which nbformat uses: each line keeps its terminator. */
function splitLines(text: string): string[] {
  return (
    text
      .match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)
      ?.filter((line) => line !== '') ?? []
  );
}

function multilineString(value: unknown, where: string, fail: Fail): string {
  if (typeof value === 'string') return value;
  if (isStringArray(value)) return value.join('');
  return fail(
    `${where} must be a string or an array of strings, found ${value === undefined ? 'nothing' : typeName(value)}`,
  );
}

function recordOrEmpty(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) return fail(`${where} must be an object, found ${typeName(value)}`);
  return value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds where JSON text stops being valid. `JSON.parse` reports a position only in some
 * engines and messages, so this small scanner (RFC 8259 grammar) is run when it fails.
 */
function findJsonSyntaxError(text: string): { offset: number; problem: string } | undefined {
  let at = 0;
  class Stop {
    constructor(readonly problem: string) {}
  }
  const unexpected = (): never => {
    throw new Stop(at >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(text[at])}`);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const expect = (char: string) => {
    if (text[at] !== char) unexpected();
    at++;
  };
  const matchPattern = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match === null) unexpected();
    at += match![0].length;
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at++;
      skipSpace();
      if (text[at] === '}') return void at++;
      for (;;) {
        skipSpace();
        matchPattern(STRING);
        skipSpace();
        expect(':');
        value();
        skipSpace();
        if (text[at] === ',') at++;
        else return expect('}');
      }
    }
    if (char === '[') {
      at++;
      skipSpace();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        skipSpace();
        if (text[at] === ',') at++;
        else return expect(']');
      }
    }
    if (char === '"') return matchPattern(STRING);
    return matchPattern(LITERAL);
  };
  try {
    value();
    skipSpace();
    if (at < text.length) unexpected();
    return undefined;
  } catch (stop) {
    if (stop instanceof Stop) return { offset: at, problem: stop.problem };
    throw stop;
  }
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
