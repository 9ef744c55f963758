/**
 * A kernel session in a worker thread, so that a cell stuck in a JavaScript
 * loop can be stopped: on a timeout the cell is interrupted first (which
 * stops a wait on Java), and when it does not finish within a grace period
 * the thread is terminated, as the notebook page terminates a stuck worker.
 * The relay then releases the session's Java objects.
 */
import { Worker } from 'node:worker_threads';
import type { CellOutput } from '../protocol/outputs.ts';
import type { KernelEvent, KernelRequest } from '../protocol/worker-messages.ts';

/** How long an interrupted cell may take to finish before its thread is terminated. */
const INTERRUPT_GRACE_MS = 2_500;

export interface CellRun {
  status: 'ok' | 'error' | 'interrupted' | 'timeout';
  executionCount: number;
  durationMs: number;
  outputs: CellOutput[];
  /** True when the thread had to be terminated: the session's variables are gone. */
  sessionLost: boolean;
}

// Worker threads do not inherit the TypeScript loader of the main thread: register it first. The
// loader is resolved here, from this file: an eval'd worker resolves bare names from the working folder.
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.loader).then((tsx) => { tsx.register(); return import(workerData.entry); });`;
const LOADER = import.meta.resolve('tsx/esm/api');

export class KernelThread {
  private readonly listeners = new Set<(event: KernelEvent) => void>();
  private nextRunId = 0;
  private terminated = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (event: KernelEvent) => {
      for (const listener of [...this.listeners]) listener(event);
    });
    // An error the thread could not handle ends it; the exit is reported to whoever waits on it.
    worker.on('error', (error) => {
      this.failure = error;
    });
  }

  private failure: Error | null = null;

  /** Starts a thread and connects its kernel to the relay; rejects with the reason it could not. */
  static async start(wsUrl: string, token: string): Promise<KernelThread> {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { entry: new URL('./kernel-thread-main.ts', import.meta.url).href, loader: LOADER, token },
    });
    const thread = new KernelThread(worker);
    const event = await thread.next(
      (e) => e.type === 'connected' || e.type === 'disconnected',
      () => thread.post({ type: 'connect', url: wsUrl }),
    );
    if (event.type !== 'connected') {
      await thread.close();
      throw new Error(
        `The kernel could not connect to the relay: ${event.type === 'disconnected' ? event.reason : ''}`,
      );
    }
    return thread;
  }

  /** Runs one cell; with `timeoutMs`, a cell still running then ends as `timeout`. */
  async run(cell: { cellId: string; source: string; label: string }, timeoutMs?: number): Promise<CellRun> {
    const runId = ++this.nextRunId;
    const outputs: CellOutput[] = [];
    const onOutput = (event: KernelEvent): void => {
      if (event.type === 'output' && event.runId === runId) outputs.push(event.output);
    };
    this.listeners.add(onOutput);
    const started = performance.now();
    const finished = this.next(
      (e) => e.type === 'run-finished' && e.runId === runId,
      () => this.post({ type: 'run', runId, ...cell }),
    );
    // Terminating the thread on a timeout rejects it; that outcome is reported as the timeout.
    finished.catch(() => undefined);
    try {
      if (timeoutMs === undefined) return outcome(await finished, outputs, false);
      const first = await Promise.race([finished, delay(timeoutMs)]);
      if (first) return outcome(first, outputs, false);
      this.post({ type: 'interrupt' });
      const late = await Promise.race([finished, delay(INTERRUPT_GRACE_MS)]);
      if (late) return { ...outcome(late, outputs, false), status: 'timeout' };
      await this.close();
      return {
        status: 'timeout',
        executionCount: 0,
        durationMs: performance.now() - started,
        outputs,
        sessionLost: true,
      };
    } finally {
      this.listeners.delete(onOutput);
    }
  }

  async close(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    await this.worker.terminate();
  }

  private post(request: KernelRequest): void {
    this.worker.postMessage(request);
  }

  /** The next event that matches, listening before `send` runs; rejects if the thread dies first. */
  private next(match: (event: KernelEvent) => boolean, send: () => void): Promise<KernelEvent> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => {
        this.listeners.delete(listener);
        const why = this.failure ? `: ${this.failure.message}` : ` (code ${code})`;
        reject(new Error(`The kernel thread exited${why}`));
      };
      const listener = (event: KernelEvent): void => {
        if (!match(event)) return;
        this.listeners.delete(listener);
        this.worker.off('exit', onExit);
        resolve(event);
      };
      this.listeners.add(listener);
      this.worker.once('exit', onExit);
      send();
    });
  }
}

function outcome(event: KernelEvent, outputs: CellOutput[], sessionLost: boolean): CellRun {
  if (event.type !== 'run-finished') throw new Error(`Unexpected kernel event ${event.type}`);
  return {
    status: event.status,
    executionCount: event.executionCount,
    durationMs: event.durationMs,
    outputs,
    sessionLost,
  };
}

function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
}
