/**
 * The layout of bench/results.json. Every figure is the median of the runs
 * listed next to it. A figure that could not be measured is `{ missing: why }`.
 */
import type { Figure } from './stats.ts';

export interface Missing {
  missing: string;
}

export type Maybe<T> = T | Missing;

export function isMissing<T>(value: Maybe<T> | undefined): value is Missing | undefined {
  return value === undefined || (typeof value === 'object' && value !== null && 'missing' in value);
}

export type Client = 'python' | 'browser' | 'node';
export const CLIENTS: readonly Client[] = ['python', 'browser', 'node'];
export const CLIENT_NAMES: Readonly<Record<Client, string>> = {
  python: 'Py4J Python',
  browser: 'browser kernel',
  node: 'Node kernel',
};

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  java: string;
  chromium: string;
  python: string;
  py4jPython: string;
  py4jJar: string;
  /** One-minute load average when the run started and when it ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
}

export interface Floors {
  /** µs per sequential WebSocket echo, bench page's worker ↔ Node (no relay, no JVM). */
  wsEchoBrowserUs: Maybe<Figure>;
  /** µs per sequential WebSocket echo, Node ↔ Node. */
  wsEchoNodeUs: Figure;
  /** Raw Py4J call from Node over TCP (no kernel, no relay). */
  rawTcpSequentialUs: Figure;
  rawTcpPipelinedPerSec: Figure;
  rawTcpBatchedPerSec: Figure;
}

export interface PerCall {
  /** µs per awaited call (`await Math.max(i, 4)` in a loop). */
  sequentialUs: Figure;
  /** calls/s for `Promise.all` of independent calls; Py4J Python cannot issue calls together: its figure is its sequential rate. */
  pipelinedPerSec: Figure;
  pipelining: boolean;
  /** The floor of this client's path (WebSocket echo + raw TCP call; Python: raw TCP call), sampled next to the runs. */
  floorUs: number;
  /** Round trips for the sequential loop and for the `Promise.all` batch. */
  sequentialRoundTrips: number;
  pipelinedRoundTrips: number;
}

export interface ClientTask {
  ms: Figure;
  /** Round trips waited for: messages on call channels (Python: every command, deletes included) plus callbacks from the JVM. */
  roundTrips: number;
  roundTripsPerOp: number;
  /** Task time divided by its round trips. */
  usPerRoundTrip: number;
  /** Of the round trips, how many were deletes (Python releases each dropped object with a synchronous delete). */
  deletes?: number;
  /** Messages carrying releases that nothing waited for (our kernels' housekeeping channel). */
  releaseMessages?: number;
  /** Py4J commands sent (our kernels). */
  commands?: number;
  callbacks: number;
  /** Latency-bound tasks: the floor of this client's path, µs per round trip, sampled right before each run. */
  floorUs?: number;
  /** Highest live-object count on the JVM during the task, above the count before it. */
  peakLive: number;
  /** Whole cell run (compile and output included), by the kernel's clock; our kernels only. */
  cellRunMs?: Figure;
  check: string;
}

export interface TaskResult {
  name: string;
  kind: 'throughput' | 'latency';
  title: string;
  size: number;
  ops: number;
  python: Maybe<ClientTask>;
  browser: Maybe<ClientTask>;
  node: Maybe<ClientTask>;
}

export interface UiFigures {
  /** Navigation start to every visible cell of a 200-cell notebook showing its code. */
  open200Ms: Maybe<Figure>;
  /** Click on Run to the output of `1 + 1`, by the page's clock. */
  clickToOutputMs: Maybe<Figure>;
  /** JavaScript the page loads before the editor is first needed, gzip -9 bytes. */
  initialJsGzipBytes: Maybe<{ total: number; files: Record<string, number> }>;
  /** Resident memory of the `jvm-notebook start` process after the load (MB). */
  relayRssMb: Maybe<{ idle: number; afterLoad: number; load: string }>;
}

export interface Target {
  id: string;
  text: string;
  met: boolean | null;
  detail: string;
}

export interface Results {
  generatedAt: string;
  quick: boolean;
  runs: number;
  durationS: number;
  machine: Machine;
  floors: Floors;
  perCall: Record<Client, Maybe<PerCall>>;
  tasks: TaskResult[];
  ui: UiFigures;
  coldStartMs: Maybe<Figure>;
  targets: Target[];
  notes: string[];
}
