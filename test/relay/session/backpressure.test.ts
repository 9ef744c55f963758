import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Backpressure, type FlowControlled } from '../../../relay/session/backpressure.ts';

/** A WebSocket stand-in: messages stay buffered until `flush`. */
class FakeSocket {
  bufferedAmount = 0;
  paused = false;
  private callbacks: (() => void)[] = [];

  send(text: string, cb: () => void): void {
    this.bufferedAmount += text.length;
    this.callbacks.push(cb);
  }

  flush(): void {
    this.bufferedAmount = 0;
    for (const cb of this.callbacks.splice(0)) cb();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }
}

class FakeConnection implements FlowControlled {
  reading = true;
  private drain: (() => void)[] = [];
  private close: (() => void)[] = [];
  pauseReading(): void {
    this.reading = false;
  }
  resumeReading(): void {
    this.reading = true;
  }
  onDrain(listener: () => void): void {
    this.drain.push(listener);
  }
  onClose(listener: () => void): void {
    this.close.push(listener);
  }
  drained(): void {
    for (const listener of this.drain) listener();
  }
  closed(): void {
    for (const listener of this.close) listener();
  }
}

function setUp() {
  const ws = new FakeSocket();
  const flow = new Backpressure(ws as unknown as WebSocket, 100);
  return { ws, flow };
}

describe('Backpressure', () => {
  it('pauses reading every connection while the WebSocket holds more than the mark, until it drains', () => {
    const { ws, flow } = setUp();
    const a = new FakeConnection();
    const b = new FakeConnection();
    flow.track(a);
    flow.send('x'.repeat(100));
    expect(a.reading).toBe(true);
    flow.send('x');
    expect([a.reading]).toEqual([false]);
    flow.track(b);
    expect(b.reading).toBe(false);
    ws.flush();
    expect([a.reading, b.reading]).toEqual([true, true]);
  });

  it('pauses the WebSocket while a connection refuses writes, until every full one drains or closes', () => {
    const { ws, flow } = setUp();
    const a = new FakeConnection();
    const b = new FakeConnection();
    flow.track(a);
    flow.track(b);
    flow.wrote(a, true);
    expect(ws.paused).toBe(false);
    flow.wrote(a, false);
    flow.wrote(b, false);
    expect(ws.paused).toBe(true);
    a.drained();
    expect(ws.paused).toBe(true);
    b.closed();
    expect(ws.paused).toBe(false);
  });

  it('lets everything flow once stopped', () => {
    const { flow } = setUp();
    const a = new FakeConnection();
    flow.track(a);
    flow.send('x'.repeat(200));
    expect(a.reading).toBe(false);
    flow.stop();
    expect(a.reading).toBe(true);
  });

  it('reads the WebSocket again when stopped while paused: the closing handshake comes in on it', () => {
    const { ws, flow } = setUp();
    const a = new FakeConnection();
    flow.track(a);
    flow.wrote(a, false);
    expect(ws.paused).toBe(true);
    flow.stop();
    expect(ws.paused).toBe(false);
  });

  it('does not wait for a connection that has already closed to drain', () => {
    const { ws, flow } = setUp();
    const a = new FakeConnection();
    flow.track(a);
    a.closed();
    flow.wrote(a, false);
    expect(ws.paused).toBe(false);
  });
});
