/**
 * Messages between the bench page and its kernel worker. The worker is the
 * product's kernel worker minus the notebook UI protocol: the same Kernel and
 * WebSocketTransport, with the round-trip counters of the benchmark around
 * the transport.
 */
import type { CellRunReport } from '../lib/cell-session.ts';

export type BenchRequest =
  | { type: 'connect'; url: string }
  | { type: 'run'; cellId: string; source: string }
  | { type: 'release'; cellId: string }
  /** Sequential round trips of `payload` to a WebSocket echo server; answers µs per round trip. */
  | { type: 'echo'; url: string; count: number; payload: string };

export type BenchAnswer<T = unknown> = { id: number; ok: true; value: T } | { id: number; ok: false; error: string };

export type { CellRunReport };
