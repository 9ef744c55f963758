/**
 * Notebook files written straight into a relay's folder, for tests that start
 * from a given notebook.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RelayProcess } from './relay-process.ts';

export interface CellSpec {
  type?: 'code' | 'markdown';
  source: string;
}

let counter = 0;

/** Writes a notebook file straight into the relay's folder and returns its name. */
export function writeNotebook(
  relay: RelayProcess,
  cells: CellSpec[],
  name = `nb-${process.pid}-${Date.now()}-${counter++}.ipynb`,
): string {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'jvm-notebook', display_name: 'TypeScript (JVM)', language: 'typescript' } },
    cells: cells.map((cell, index) => ({
      id: `c${index}`,
      cell_type: cell.type ?? 'code',
      metadata: {},
      source: cell.source,
      ...(cell.type === 'markdown' ? {} : { outputs: [], execution_count: null }),
    })),
  };
  writeFileSync(path.join(relay.dir, name), JSON.stringify(notebook, null, 1));
  return name;
}
