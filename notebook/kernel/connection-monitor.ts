/**
 * Watches the relay while the kernel is disconnected: polls `/api/status` with
 * backoff and says when the relay answers again and what state its JVM is in.
 * The page decides what to do (reconnect the kernel, offer to restart the JVM).
 */
import type { RelayStatus } from '../api/notebook-api.ts';

export interface ConnectionMonitorOptions {
  status(): Promise<RelayStatus>;
  /** The relay answered: its mode and JVM state. */
  onStatus(status: RelayStatus): void;
  /** The relay did not answer (or refused the token); polling goes on. */
  onUnreachable(error: unknown): void;
  setTimer?: (fn: () => void, ms: number) => () => void;
  delaysMs?: readonly number[];
}

const DELAYS_MS = [250, 500, 1000, 2000, 4000];

export class ConnectionMonitor {
  private cancel: (() => void) | null = null;
  private attempt = 0;
  private active = false;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;

  constructor(private readonly options: ConnectionMonitorOptions) {
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      });
  }

  /** Starts polling until `stop()` (or until the relay reports a running JVM). */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.attempt = 0;
    this.schedule();
  }

  stop(): void {
    this.active = false;
    this.cancel?.();
    this.cancel = null;
  }

  /** Polls once now, e.g. when the user pressed Reconnect. */
  pollNow(): void {
    this.cancel?.();
    this.attempt = 0;
    void this.poll();
  }

  private schedule(): void {
    const delays = this.options.delaysMs ?? DELAYS_MS;
    const delay = delays[Math.min(this.attempt, delays.length - 1)]!;
    this.attempt++;
    this.cancel = this.setTimer(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    if (!this.active) return;
    try {
      const status = await this.options.status();
      if (!this.active) return;
      this.options.onStatus(status);
      if (status.jvm === 'running') {
        this.stop();
        return;
      }
    } catch (error) {
      if (!this.active) return;
      this.options.onUnreachable(error);
    }
    if (this.active) this.schedule();
  }
}
