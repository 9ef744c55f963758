/**
 * A Transport that counts what a kernel sends, for the round-trip figures.
 * It wraps the real transport and changes nothing: a call-channel message is
 * one round trip the kernel waits for, a housekeeping message carries
 * releases nobody waits for, and each callback the JVM makes is one round
 * trip started by the JVM. Runs in the browser worker and in Node.
 */
import type { Transport } from '../../cells/gateway/index.ts';
import { HOUSEKEEPING_CHANNEL } from '../../cells/gateway/gateway-client.ts';

export interface Counters {
  /** Messages on call channels: round trips the cell waited for. */
  callMessages: number;
  /** Messages on the housekeeping channel (releases). */
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
    if (channel === HOUSEKEEPING_CHANNEL) this.counters.releaseMessages++;
    else this.counters.callMessages++;
    this.counters.commands += countCommands(commands);
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
