/**
 * A Transport that counts what a kernel sends, for the round-trip figures.
 * It wraps the real transport and changes nothing: a message with a call in
 * it is one round trip the kernel waits for, a message of releases only is
 * one nobody waits for (releases mostly travel inside call messages, just
 * before the next call), and each callback the JVM makes is one round trip
 * started by the JVM. Runs in the browser worker and in Node.
 */
import type { Transport } from '../../cells/gateway/index.ts';

export interface Counters {
  /** Messages on call channels: round trips the cell waited for. */
  callMessages: number;
  /** Messages of releases only. */
  releaseMessages: number;
  /** Py4J commands sent, all channels. */
  commands: number;
  /** Answer messages received, all channels. */
  answerMessages: number;
  /** Callbacks the JVM made into the kernel. */
  callbacks: number;
}

export function emptyCounters(): Counters {
  return { callMessages: 0, releaseMessages: 0, commands: 0, answerMessages: 0, callbacks: 0 };
}

export function diffCounters(after: Counters, before: Counters): Counters {
  return {
    callMessages: after.callMessages - before.callMessages,
    releaseMessages: after.releaseMessages - before.releaseMessages,
    commands: after.commands - before.commands,
    answerMessages: after.answerMessages - before.answerMessages,
    callbacks: after.callbacks - before.callbacks,
  };
}

export class CountingTransport implements Transport {
  private readonly counters = emptyCounters();

  constructor(private readonly inner: Transport) {
    inner.onAnswers(() => {
      this.counters.answerMessages++;
    });
  }

  get callbackPrefix(): string | undefined {
    return this.inner.callbackPrefix;
  }

  snapshot(): Counters {
    return { ...this.counters };
  }

  send(channel: number, commands: string): void {
    const count = countCommands(commands);
    if (count > 0 && countReleases(commands) === count) this.counters.releaseMessages++;
    else this.counters.callMessages++;
    this.counters.commands += count;
    this.inner.send(channel, commands);
  }

  onAnswers(listener: (channel: number, answers: string) => void): void {
    this.inner.onAnswers(listener);
  }

  onClose(listener: (reason: Error) => void): void {
    this.inner.onClose(listener);
  }

  resetChannel(channel: number): void {
    this.inner.resetChannel(channel);
  }

  close(): void {
    this.inner.close();
  }

  serveCallbacks(handler: (command: string) => Promise<string>): void {
    this.inner.serveCallbacks?.((command) => {
      this.counters.callbacks++;
      return handler(command);
    });
  }
}

/**
 * Every Py4J command ends with an `e` line and escaped values never contain a
 * bare newline, so counting `e` lines counts commands — except that a method
 * or field named `e` counts twice, which no benchmark task uses. Exact
 * framing (relay/command-guard.ts) would cost the measured path time.
 */
function countCommands(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ne\n'); i >= 0; i = text.indexOf('\ne\n', i + 2)) n++;
  return n;
}

/** `m d <id>` commands: a line `m` followed by `d` (at the start, or after a command's `e` line). */
function countReleases(text: string): number {
  let n = text.startsWith('m\nd\n') ? 1 : 0;
  for (let i = text.indexOf('\ne\nm\nd\n'); i >= 0; i = text.indexOf('\ne\nm\nd\n', i + 2)) n++;
  return n;
}
