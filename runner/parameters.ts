/**
 * Parameters for a run, as papermill does it for Jupyter: `--param name=value`
 * becomes a code cell of constants, placed after the cell tagged `parameters`
 * (so it overrides that cell's defaults) or first, tagged
 * `injected-parameters`, and recorded in the notebook's metadata.
 */
import type { CodeCell, NotebookDoc } from '../protocol/notebook-file.ts';

export type Parameters = ReadonlyArray<readonly [name: string, value: unknown]>;

export class ParameterError extends Error {
  override name = 'ParameterError';
  readonly code = 'E_BAD_PARAMETER';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `name=value`: the value is read as JSON when it is valid JSON (numbers,
 * true/false/null, "quoted strings", arrays, objects), else taken as a string.
 */
export function parseParameter(text: string): readonly [string, unknown] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0 || !IDENTIFIER.test(name)) {
    throw new ParameterError(
      `--param takes name=value with a JavaScript identifier as the name (e.g. --param rows=10), got ${JSON.stringify(text)}.`,
    );
  }
  const raw = text.slice(eq + 1);
  try {
    return [name, JSON.parse(raw) as unknown];
  } catch {
    return [name, raw];
  }
}

/** Adds the injected-parameters cell and the metadata record; a notebook run without parameters is left as it is. */
export function injectParameters(doc: NotebookDoc, parameters: Parameters): void {
  if (parameters.length === 0) return;
  const source = parameters.map(([name, value]) => `const ${name} = ${JSON.stringify(value)};`).join('\n');
  const cell: CodeCell = {
    id: 'injected-parameters',
    cell_type: 'code',
    source,
    metadata: { tags: ['injected-parameters'] },
    outputs: [],
    execution_count: null,
  };
  const existing = doc.cells.findIndex((c) => c.id === 'injected-parameters');
  if (existing >= 0) doc.cells.splice(existing, 1);
  const tagged = doc.cells.findIndex((c) => c.cell_type === 'code' && tags(c.metadata).includes('parameters'));
  doc.cells.splice(tagged + 1, 0, cell);
  const ours = isRecord(doc.metadata.jvm_notebook) ? doc.metadata.jvm_notebook : {};
  doc.metadata.jvm_notebook = { ...ours, parameters: Object.fromEntries(parameters) };
}

function tags(metadata: Record<string, unknown>): string[] {
  const value = metadata.tags;
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
