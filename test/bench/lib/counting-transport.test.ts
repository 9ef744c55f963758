import { describe, expect, it } from 'vitest';
import type { Transport } from '../../../cells/gateway/index.ts';
import { CountingTransport, diffCounters } from '../../../bench/lib/counting-transport.ts';

class FakeTransport implements Transport {
  sent: [number, string][] = [];
  answers: ((channel: number, text: string) => void)[] = [];
  callbackHandler: ((command: string) => Promise<string>) | null = null;
  callbackPrefix = 'pabc_';
  send(channel: number, commands: string): void {
    this.sent.push([channel, commands]);
  }
  onAnswers(listener: (channel: number, text: string) => void): void {
    this.answers.push(listener);
  }
  onClose(): void {}
  resetChannel(): void {}
  close(): void {}
  serveCallbacks(handler: (command: string) => Promise<string>): void {
    this.callbackHandler = handler;
  }
}

describe('CountingTransport', () => {
  it('counts call messages, release-only messages and the commands they carry, and passes them on unchanged', () => {
    const inner = new FakeTransport();
    const counting = new CountingTransport(inner);
    counting.send(0, 'c\nz:java.lang.Math\nmax\ni3\ni4\ne\nc\no1\nsize\ne\n');
    counting.send(0, 'm\nd\no1\ne\nm\nd\no3\ne\n');
    counting.send(2, 'm\nd\no4\ne\nc\no2\nsize\ne\n');
    expect(inner.sent.map(([channel]) => channel)).toEqual([0, 0, 2]);
    expect(counting.snapshot()).toEqual({
      callMessages: 2,
      releaseMessages: 1,
      commands: 6,
      answerMessages: 0,
      callbacks: 0,
    });
  });

  it('counts answer messages and the callbacks the JVM makes', async () => {
    const inner = new FakeTransport();
    const counting = new CountingTransport(inner);
    counting.serveCallbacks(async () => '!yi1\n');
    for (const listener of inner.answers) listener(0, '!yi4\n!yi4\n');
    expect(await inner.callbackHandler!('c\npabc_1\ncompare\ni1\ni2\ne\n')).toBe('!yi1\n');
    expect(counting.snapshot()).toMatchObject({ answerMessages: 1, callbacks: 1 });
    expect(counting.callbackPrefix).toBe('pabc_');
  });

  it('subtracts two snapshots field by field', () => {
    const before = { callMessages: 1, releaseMessages: 2, commands: 3, answerMessages: 4, callbacks: 5 };
    const after = { callMessages: 2, releaseMessages: 4, commands: 6, answerMessages: 8, callbacks: 10 };
    expect(diffCounters(after, before)).toEqual(before);
  });
});
