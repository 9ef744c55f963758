/**
 * What the benchmark needs from a kernel, wherever it runs: run a cell and get
 * its printed text, release a cell, read the round-trip counters. The Node
 * kernel and the browser kernel (driven through a page) both provide it.
 */
import type { Counters } from './counting-transport.ts';

export interface CellRunReport {
  status: 'ok' | 'error' | 'interrupted';
  stdout: string;
  /** The error text when the cell failed. */
  error?: string;
  /** kernel.run from start to settle, compile included, by the kernel's clock. */
  runMs: number;
  counters: Counters;
}

export interface CellSession {
  readonly where: 'browser' | 'node';
  run(cellId: string, source: string): Promise<CellRunReport>;
  releaseCell(cellId: string): Promise<void>;
  close(): Promise<void>;
}
