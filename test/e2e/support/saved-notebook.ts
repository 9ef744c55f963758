/**
 * What a notebook file in the relay's folder holds now, as the tests read it back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RelayProcess } from './relay-process.ts';

export interface SavedCell {
  id: string;
  cell_type: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}

export function savedCells(relay: RelayProcess, name: string): SavedCell[] {
  return (JSON.parse(readFileSync(path.join(relay.dir, name), 'utf8')) as { cells: SavedCell[] }).cells;
}

/** Each cell's source as one string (nbformat allows a list of lines). */
export function savedSources(relay: RelayProcess, name: string): string[] {
  return savedCells(relay, name).map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}
