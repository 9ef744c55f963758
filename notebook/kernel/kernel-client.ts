/**
 * The page's side of the kernel worker: starts it, runs cells one at a time from
 * a queue the page controls (so "run all" stops at the first error and an
 * interrupt can drop what is still queued), and turns a cell stuck in a
 * JavaScript loop into a terminated worker and a fresh session.
 */
import type { CellOutput } from '../../protocol/outputs.ts';
import type { KernelEvent, KernelRequest } from '../../protocol/worker-messages.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** The session's live Java objects as the kernel counts them: all, kept (`keep`), and per cell id. */
export type LiveObjects = Omit<Extract<KernelEvent, { type: 'live-objects' }>, 'type'>;

export interface RunItem {
  cellId: string;
  source: string;
  label: string;
}

export interface KernelObserver {
  connection(state: ConnectionState, detail: string): void;
  queued(cellId: string): void;
  /** A queued cell was dropped without running (an earlier cell failed, or an interrupt). */
  cancelled(cellId: string): void;
  started(cellId: string, executionCount: number): void;
  output(cellId: string, output: CellOutput): void;
  finished(cellId: string, status: 'ok' | 'error' | 'interrupted', executionCount: number, durationMs: number): void;
  liveObjects(counts: LiveObjects): void;
  /** Which classes a cell's live Java objects are (`null`: the session's kept ones), class name → count. */
  objectClasses(cellId: string | null, classes: Record<string, number>): void;
  /** The session was restarted: bindings gone, Java objects released. */
  restarted(reason: 'user' | 'worker-terminated', released: number | null): void;
}

export interface KernelClientOptions {
  createWorker: () => Worker;
  url: string;
  observer: KernelObserver;
  /** How long an interrupt may take before the worker is considered stuck in JavaScript. */
  stuckAfterMs?: number;
  setTimer?: (fn: () => void, ms: number) => () => void;
}

interface InFlight extends RunItem {
  runId: number;
  stopOnError: boolean;
}

export class KernelClient {
  private worker: Worker;
  private queue: (RunItem & { stopOnError: boolean })[] = [];
  private inFlight: InFlight | null = null;
  private nextRunId = 1;
  private state: ConnectionState = 'connecting';
  private cancelStuckTimer: (() => void) | null = null;
  private readonly stuckAfterMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;

  constructor(private readonly options: KernelClientOptions) {
    this.stuckAfterMs = options.stuckAfterMs ?? 2500;
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      });
    this.worker = this.startWorker();
  }

  get connection(): ConnectionState {
    return this.state;
  }

  get runningCellId(): string | null {
    return this.inFlight?.cellId ?? null;
  }

  isQueued(cellId: string): boolean {
    return this.inFlight?.cellId === cellId || this.queue.some((item) => item.cellId === cellId);
  }

  /** Queues cells to run in order; with `stopOnError`, a failing cell cancels the ones queued after it. */
  run(items: readonly RunItem[], stopOnError = true): void {
    for (const item of items) {
      if (this.isQueued(item.cellId) && this.inFlight?.cellId !== item.cellId) continue;
      this.queue.push({ ...item, stopOnError });
      this.options.observer.queued(item.cellId);
    }
    this.pump();
  }

  /** Stops the running cell; if it does not stop in time it is stuck in JavaScript and the worker is replaced. */
  interrupt(): void {
    this.cancelQueued();
    if (!this.inFlight) return;
    this.send({ type: 'interrupt' });
    this.cancelStuckTimer?.();
    const runId = this.inFlight.runId;
    this.cancelStuckTimer = this.setTimer(() => {
      if (this.inFlight?.runId === runId) this.replaceWorker();
    }, this.stuckAfterMs);
  }

  /** Fresh bindings and counter; the kernel releases every Java object of the session. */
  restart(): void {
    this.cancelQueued();
    if (this.inFlight) {
      // A cell is still running: only a new worker gives a clean session at once.
      this.replaceWorker();
      return;
    }
    this.send({ type: 'restart' });
  }

  /** Connects again (after the relay or the JVM came back): a new session. */
  reconnect(): void {
    this.cancelQueued();
    this.setState('connecting', 'Connecting to the relay…');
    this.send({ type: 'connect', url: this.options.url });
  }

  /** The cell is gone (deleted, or no longer code): drops it from the queue and releases its Java objects. */
  releaseCell(cellId: string): void {
    const queued = this.queue.filter((item) => item.cellId === cellId);
    if (queued.length > 0) {
      this.queue = this.queue.filter((item) => item.cellId !== cellId);
      this.options.observer.cancelled(cellId);
    }
    // A running cell is released too: the kernel releases at once whatever that run still obtains.
    this.send({ type: 'release-cell', cellId });
  }

  requestLiveObjects(): void {
    this.send({ type: 'live-objects' });
  }

  /** Asks which classes a cell's live Java objects are (`null`: the kept ones); answered through `objectClasses`. */
  requestObjectClasses(cellId: string | null): void {
    this.send({ type: 'object-classes', cellId });
  }

  dispose(): void {
    this.cancelStuckTimer?.();
    this.worker.terminate();
  }

  private startWorker(): Worker {
    const worker = this.options.createWorker();
    worker.onmessage = (event: MessageEvent<KernelEvent>) => this.receive(event.data);
    worker.onerror = (event) => {
      this.setState('disconnected', `The kernel worker failed: ${event.message}`);
    };
    this.setState('connecting', 'Connecting to the relay…');
    worker.postMessage({ type: 'connect', url: this.options.url } satisfies KernelRequest);
    return worker;
  }

  /** Terminates a worker stuck in JavaScript: closing its WebSocket makes the relay release its Java objects. */
  private replaceWorker(): void {
    this.cancelStuckTimer?.();
    this.cancelStuckTimer = null;
    this.worker.terminate();
    const stuck = this.inFlight;
    this.inFlight = null;
    this.cancelQueued();
    if (stuck) {
      this.options.observer.output(stuck.cellId, {
        output_type: 'error',
        ename: 'SessionRestarted',
        evalue: 'The cell did not stop, so the kernel was restarted.',
        traceback: [
          'Session restarted: the cell was busy in JavaScript and did not answer the interrupt, so its worker was terminated.',
          'Its Java objects and those of every other cell were released; run the cells you need again.',
        ],
      });
      this.options.observer.finished(stuck.cellId, 'interrupted', 0, 0);
    }
    this.worker = this.startWorker();
    this.options.observer.restarted('worker-terminated', null);
  }

  private cancelQueued(): void {
    const dropped = this.queue;
    this.queue = [];
    for (const item of dropped) this.options.observer.cancelled(item.cellId);
  }

  private pump(): void {
    if (this.inFlight) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = { ...next, runId: this.nextRunId++ };
    this.send({ type: 'run', runId: this.inFlight.runId, cellId: next.cellId, source: next.source, label: next.label });
  }

  private receive(event: KernelEvent): void {
    const observer = this.options.observer;
    switch (event.type) {
      case 'connected':
        this.setState('connected', event.mode === 'attach' ? 'Attached to a running gateway' : 'Embedded JVM');
        this.requestLiveObjects();
        return;
      case 'disconnected':
        this.setState('disconnected', event.reason);
        return;
      case 'run-started':
        if (this.inFlight?.runId === event.runId) observer.started(event.cellId, event.executionCount);
        return;
      case 'output':
        if (event.cellId !== null && (event.runId === null || event.runId === this.inFlight?.runId)) {
          observer.output(event.cellId, event.output);
        }
        return;
      case 'run-finished': {
        if (this.inFlight?.runId !== event.runId) return;
        const finished = this.inFlight;
        this.inFlight = null;
        this.cancelStuckTimer?.();
        this.cancelStuckTimer = null;
        observer.finished(event.cellId, event.status, event.executionCount, event.durationMs);
        if (event.status !== 'ok' && finished.stopOnError) this.cancelQueued();
        this.pump();
        return;
      }
      case 'live-objects':
        observer.liveObjects({ total: event.total, session: event.session, cells: event.cells });
        return;
      case 'object-classes':
        observer.objectClasses(event.cellId, event.classes);
        return;
      case 'restarted':
        observer.restarted('user', event.released);
        return;
    }
  }

  private setState(state: ConnectionState, detail: string): void {
    this.state = state;
    this.options.observer.connection(state, detail);
  }

  private send(request: KernelRequest): void {
    this.worker.postMessage(request);
  }
}
