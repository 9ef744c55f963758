import { describe, expect, it } from 'vitest';
import type { KernelEvent, KernelRequest } from '../../../protocol/worker-messages.ts';
import { KernelClient, type KernelObserver } from '../../../notebook/kernel/kernel-client.ts';
import { ManualTimers } from '../fake-timers.ts';

class FakeWorker {
  sent: KernelRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<KernelEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: KernelRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: KernelEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<KernelEvent>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const log: string[] = [];
  const observer: KernelObserver = {
    connection: (state) => log.push(`connection ${state}`),
    queued: (id) => log.push(`queued ${id}`),
    cancelled: (id) => log.push(`cancelled ${id}`),
    started: (id, n) => log.push(`started ${id} ${n}`),
    output: (id, o) => log.push(`output ${id} ${o.output_type}`),
    finished: (id, status) => log.push(`finished ${id} ${status}`),
    liveObjects: (counts) => log.push(`objects ${JSON.stringify(counts)}`),
    objectClasses: (cellId, classes) => log.push(`classes ${cellId} ${JSON.stringify(classes)}`),
    restarted: (reason) => log.push(`restarted ${reason}`),
  };
  const timers = new ManualTimers();
  const client = new KernelClient({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    url: 'ws://x/ws',
    observer,
    stuckAfterMs: 1000,
    setTimer: timers.setTimer,
  });
  const worker = () => workers[workers.length - 1]!;
  const runs = () => worker().sent.filter((r): r is Extract<KernelRequest, { type: 'run' }> => r.type === 'run');
  return { client, workers, worker, runs, log, timers };
}

const items = (...ids: string[]) => ids.map((id) => ({ cellId: id, source: id, label: id }));

describe('KernelClient', () => {
  it('connects the worker at once', () => {
    const s = setup();
    expect(s.worker().sent[0]).toEqual({ type: 'connect', url: 'ws://x/ws' });
    s.worker().emit({ type: 'connected', mode: 'embedded' });
    expect(s.log).toContain('connection connected');
  });

  it('sends queued cells one at a time, in order', () => {
    const s = setup();
    s.client.run(items('a', 'b'));
    expect(s.runs().map((r) => r.cellId)).toEqual(['a']);
    const [first] = s.runs();
    s.worker().emit({ type: 'run-started', runId: first!.runId, cellId: 'a', executionCount: 1 });
    s.worker().emit({
      type: 'run-finished',
      runId: first!.runId,
      cellId: 'a',
      status: 'ok',
      executionCount: 1,
      durationMs: 3,
    });
    expect(s.runs().map((r) => r.cellId)).toEqual(['a', 'b']);
    expect(s.log).toEqual(expect.arrayContaining(['queued a', 'queued b', 'started a 1', 'finished a ok']));
  });

  it('cancels the cells queued after a failing one', () => {
    const s = setup();
    s.client.run(items('a', 'b', 'c'));
    const [first] = s.runs();
    s.worker().emit({
      type: 'run-finished',
      runId: first!.runId,
      cellId: 'a',
      status: 'error',
      executionCount: 1,
      durationMs: 1,
    });
    expect(s.log).toEqual(expect.arrayContaining(['cancelled b', 'cancelled c']));
    expect(s.runs()).toHaveLength(1);
  });

  it('interrupts the running cell and drops the queue, keeping the worker when the cell stops', () => {
    const s = setup();
    s.client.run(items('a', 'b'));
    s.client.interrupt();
    expect(s.worker().sent.at(-1)).toEqual({ type: 'interrupt' });
    expect(s.log).toContain('cancelled b');
    const [first] = s.runs();
    s.worker().emit({
      type: 'run-finished',
      runId: first!.runId,
      cellId: 'a',
      status: 'interrupted',
      executionCount: 1,
      durationMs: 1,
    });
    s.timers.advance(5000);
    expect(s.workers).toHaveLength(1);
  });

  it('replaces a worker stuck in JavaScript after the interrupt times out', () => {
    const s = setup();
    s.client.run(items('a'));
    s.client.interrupt();
    s.timers.advance(1000);
    expect(s.workers[0]!.terminated).toBe(true);
    expect(s.workers).toHaveLength(2);
    expect(s.log).toEqual(
      expect.arrayContaining(['output a error', 'finished a interrupted', 'restarted worker-terminated']),
    );
    expect(s.worker().sent[0]).toEqual({ type: 'connect', url: 'ws://x/ws' });
  });

  it('ignores events of a run it no longer waits for', () => {
    const s = setup();
    s.worker().emit({
      type: 'output',
      runId: 99,
      cellId: 'z',
      output: { output_type: 'stream', name: 'stdout', text: 'x' },
    });
    s.worker().emit({ type: 'run-finished', runId: 99, cellId: 'z', status: 'ok', executionCount: 1, durationMs: 1 });
    expect(s.log.filter((l) => l.includes(' z'))).toEqual([]);
  });

  it('restarts through the kernel when idle, and reconnects on request', () => {
    const s = setup();
    s.client.restart();
    expect(s.worker().sent.at(-1)).toEqual({ type: 'restart' });
    s.worker().emit({ type: 'restarted', released: 4 });
    expect(s.log).toContain('restarted user');
    s.client.reconnect();
    expect(s.worker().sent.at(-1)).toEqual({ type: 'connect', url: 'ws://x/ws' });
  });

  it('passes on the live-object counts per cell and for the session, and asks for them once connected', () => {
    const s = setup();
    s.worker().emit({ type: 'connected', mode: 'embedded' });
    expect(s.worker().sent.at(-1)).toEqual({ type: 'live-objects' });
    s.worker().emit({ type: 'live-objects', total: 5, session: 1, cells: { a: 4 } });
    expect(s.log).toContain('objects {"total":5,"session":1,"cells":{"a":4}}');
  });

  it("asks for a cell's object classes, or the kept ones' for null, and passes on the answer", () => {
    const s = setup();
    s.client.requestObjectClasses('a');
    s.client.requestObjectClasses(null);
    expect(s.worker().sent.slice(-2)).toEqual([
      { type: 'object-classes', cellId: 'a' },
      { type: 'object-classes', cellId: null },
    ]);
    s.worker().emit({ type: 'object-classes', cellId: 'a', classes: { 'java.util.ArrayList': 2 } });
    s.worker().emit({ type: 'object-classes', cellId: null, classes: {} });
    expect(s.log).toEqual(expect.arrayContaining(['classes a {"java.util.ArrayList":2}', 'classes null {}']));
  });

  it('releases a deleted cell and drops it from the queue', () => {
    const s = setup();
    s.client.run(items('a', 'b', 'c'));
    s.client.releaseCell('b');
    expect(s.worker().sent.at(-1)).toEqual({ type: 'release-cell', cellId: 'b' });
    expect(s.log).toContain('cancelled b');
    const [first] = s.runs();
    s.worker().emit({
      type: 'run-finished',
      runId: first!.runId,
      cellId: 'a',
      status: 'ok',
      executionCount: 1,
      durationMs: 1,
    });
    expect(s.runs().map((r) => r.cellId)).toEqual(['a', 'c']);
  });

  it('releases the running cell without cancelling it', () => {
    const s = setup();
    s.client.run(items('a'));
    s.client.releaseCell('a');
    expect(s.worker().sent.at(-1)).toEqual({ type: 'release-cell', cellId: 'a' });
    expect(s.log).not.toContain('cancelled a');
    expect(s.client.runningCellId).toBe('a');
  });
});
