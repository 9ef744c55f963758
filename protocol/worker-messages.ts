/**
 * Messages between the notebook page and the kernel worker, by direction.
 * The page never holds Java references: it sends source text and receives
 * outputs and counts.
 */
import type { CellOutput } from './outputs.ts';

/** Page → kernel worker. */
export type KernelRequest =
  /** Open the session: the worker connects its WebSocket to this URL (same origin, cookie carries the token). */
  | { type: 'connect'; url: string }
  | { type: 'run'; runId: number; cellId: string; source: string; label: string }
  | { type: 'interrupt' }
  /** The cell was deleted: release its Java objects. */
  | { type: 'release-cell'; cellId: string }
  /** Fresh bindings and counter; every Java object released. */
  | { type: 'restart' }
  /** Ask for the live-object counts (answered with `live-objects`). */
  | { type: 'live-objects' }
  /** Ask which classes a cell's live Java objects are (answered with `object-classes`); `null` for the session's kept ones. */
  | { type: 'object-classes'; cellId: string | null };

/** Kernel worker → page. */
export type KernelEvent =
  | { type: 'connected'; mode: 'embedded' | 'attach' }
  /** The connection to the relay or the JVM is gone; `reason` says why. Pending runs have failed. */
  | { type: 'disconnected'; reason: string }
  | { type: 'run-started'; runId: number; cellId: string; executionCount: number }
  | { type: 'output'; runId: number | null; cellId: string | null; output: CellOutput }
  | {
      type: 'run-finished';
      runId: number;
      cellId: string;
      status: 'ok' | 'error' | 'interrupted';
      executionCount: number;
      durationMs: number;
    }
  | { type: 'live-objects'; total: number; session: number; cells: Record<string, number> }
  | { type: 'object-classes'; cellId: string | null; classes: Record<string, number> }
  | { type: 'restarted'; released: number };
