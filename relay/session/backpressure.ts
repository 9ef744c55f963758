/**
 * Flow control between a session's WebSocket and its Py4J connections, so
 * that neither side can make the relay buffer without bound. ws does the same
 * inside itself: it pauses a socket whose data the other side cannot take.
 *
 * - JVM → client: when the WebSocket's `bufferedAmount` passes the high-water
 *   mark, the relay stops reading every Py4J connection of the session; the
 *   JVM's writes then back up into its own socket and its connection threads
 *   wait. Reading resumes when the buffered amount is back under half the
 *   mark. ws has no drain event for a WebSocket, but the callback of `send`
 *   runs once that message has been written to the socket, and everything
 *   sent before it too: each callback is a point to look again.
 * - client → JVM: when a Py4J socket's write buffer is full (`write` returned
 *   false), the relay stops reading the WebSocket (`ws.pause()`) until every
 *   such socket has drained.
 */
import type { WebSocket } from 'ws';

/** What flow control needs of a Py4J connection. */
export interface FlowControlled {
  pauseReading(): void;
  resumeReading(): void;
  onDrain(listener: () => void): void;
  onClose(listener: () => void): void;
}

/** Bytes a WebSocket may hold unsent before the JVM's side is paused; default 8 MiB. */
const DEFAULT_HIGH_WATER_MARK = 8 * 1024 * 1024;

export class Backpressure {
  private readonly connections = new Set<FlowControlled>();
  /** Connections whose write buffer is full. */
  private readonly full = new Set<FlowControlled>();
  private jvmPaused = false;
  private stopped = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly highWaterMark = DEFAULT_HIGH_WATER_MARK,
  ) {}

  /** Puts a new Py4J connection of the session under flow control. */
  track(connection: FlowControlled): void {
    this.connections.add(connection);
    if (this.jvmPaused) connection.pauseReading();
    connection.onDrain(() => this.drained(connection));
    connection.onClose(() => {
      this.connections.delete(connection);
      this.drained(connection);
    });
  }

  /** Sends a message to the client; pauses the JVM's side while the client is behind. */
  send(text: string): void {
    this.ws.send(text, () => this.check());
    this.check();
  }

  /** Reports the result of a write to a Py4J connection: false pauses the client's side until it drains. */
  wrote(connection: FlowControlled, accepted: boolean): void {
    // A connection already closed never drains: waiting for it would stop the session for good.
    if (accepted || this.stopped || !this.connections.has(connection)) return;
    this.full.add(connection);
    this.ws.pause();
  }

  /** Lets everything flow again: the session is ending, and what is left is released, not forwarded. */
  stop(): void {
    this.stopped = true;
    // The WebSocket must be read again: the closing handshake comes in on it.
    if (this.full.size > 0) this.ws.resume();
    this.full.clear();
    this.setJvmPaused(false);
  }

  private check(): void {
    if (this.stopped) return;
    const buffered = this.ws.bufferedAmount;
    if (!this.jvmPaused && buffered > this.highWaterMark) this.setJvmPaused(true);
    else if (this.jvmPaused && buffered <= this.highWaterMark / 2) this.setJvmPaused(false);
  }

  private setJvmPaused(paused: boolean): void {
    if (this.jvmPaused === paused) return;
    this.jvmPaused = paused;
    for (const connection of this.connections) {
      if (paused) connection.pauseReading();
      else connection.resumeReading();
    }
  }

  private drained(connection: FlowControlled): void {
    if (!this.full.delete(connection) || this.full.size > 0) return;
    this.ws.resume();
  }
}
