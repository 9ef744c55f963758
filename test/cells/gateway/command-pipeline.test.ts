import { describe, expect, it } from 'vitest';
import { CommandPipeline } from '../../../cells/gateway/command-pipeline.ts';
import { GatewayClosedError, type Transport } from '../../../cells/gateway/index.ts';

class FakeTransport implements Transport {
  sent: [number, string][] = [];
  resets: number[] = [];
  private answer: (channel: number, text: string) => void = () => undefined;
  private closeListener: (e: Error) => void = () => undefined;
  send(channel: number, commands: string): void {
    this.sent.push([channel, commands]);
  }
  onAnswers(l: (channel: number, text: string) => void): void {
    this.answer = l;
  }
  onClose(l: (e: Error) => void): void {
    this.closeListener = l;
  }
  resetChannel(channel: number): void {
    this.resets.push(channel);
  }
  close(): void {}
  closeNow(): void {
    this.closeListener(new Error('socket closed'));
  }
  deliver(channel: number, text: string): void {
    this.answer(channel, text);
  }
}

describe('CommandPipeline', () => {
  it('sends the commands of one tick as one message per channel', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const a = p.request('c\no1\nsize\ne\n');
    const b = p.request('c\no1\nisEmpty\ne\n');
    const c = p.request('m\nd\no2\ne\n', 1);
    await Promise.resolve();
    expect(t.sent).toEqual([
      [0, 'c\no1\nsize\ne\nc\no1\nisEmpty\ne\n'],
      [1, 'm\nd\no2\ne\n'],
    ]);
    t.deliver(0, '!yi3\n!yb');
    t.deliver(0, 'false\n');
    t.deliver(1, '!yv\n');
    await expect(a).resolves.toEqual({ type: 'value', value: { kind: 'int', value: 3 } });
    await expect(b).resolves.toEqual({ type: 'value', value: { kind: 'bool', value: false } });
    await expect(c).resolves.toEqual({ type: 'value', value: { kind: 'void' } });
  });

  it('ignores an answer that arrives with no call pending', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const a = p.request('c\no1\nsize\ne\n');
    await Promise.resolve();
    t.deliver(0, '!yi1\n!zs\n');
    await expect(a).resolves.toMatchObject({ type: 'value' });
    expect(p.inFlight()).toBe(0);
  });

  it('fails every call in flight with GatewayClosedError when the transport closes', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const a = p.request('c\no1\nsize\ne\n');
    const b = p.request('c\no1\nsize\ne\n', 1);
    await Promise.resolve();
    t.closeNow();
    await expect(a).rejects.toBeInstanceOf(GatewayClosedError);
    await expect(b).rejects.toThrow(/socket closed/);
    await expect(p.request('c\no1\nsize\ne\n')).rejects.toBeInstanceOf(GatewayClosedError);
  });

  it('abandons one channel without touching the others', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const blocked = p.request('c\no1\nsleep\ne\n');
    const other = p.request('c\no2\nsize\ne\n', 1);
    await Promise.resolve();
    p.abandon(0, new Error('interrupted'));
    await expect(blocked).rejects.toThrow('interrupted');
    expect(t.resets).toEqual([0]);
    t.deliver(1, '!yi2\n');
    await expect(other).resolves.toMatchObject({ type: 'value' });
    const again = p.request('c\no1\nsize\ne\n');
    await Promise.resolve();
    t.deliver(0, '!yi5\n');
    await expect(again).resolves.toEqual({ type: 'value', value: { kind: 'int', value: 5 } });
  });

  it('sends a release on the channel of the next command, just before it', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const before = p.request('c\no1\nsize\ne\n');
    void p.release('m\nd\no1\ne\n');
    const after = p.request('c\no2\nsize\ne\n', 2);
    await Promise.resolve();
    expect(t.sent).toEqual([
      [0, 'c\no1\nsize\ne\n'],
      [2, 'm\nd\no1\ne\nc\no2\nsize\ne\n'],
    ]);
    t.deliver(0, '!yi1\n');
    t.deliver(2, '!yv\n!yi2\n');
    await expect(before).resolves.toMatchObject({ value: { value: 1 } });
    await expect(after).resolves.toMatchObject({ value: { value: 2 } });
  });

  it('holds a later command on another channel until the release is answered', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t, { releaseChannel: () => 0 });
    const released = p.release('m\nd\no1\ne\n');
    await Promise.resolve();
    expect(t.sent).toEqual([[0, 'm\nd\no1\ne\n']]);
    const other = p.request('c\no2\nsize\ne\n', 3);
    const same = p.request('c\no3\nsize\ne\n', 0);
    await Promise.resolve();
    expect(t.sent).toEqual([
      [0, 'm\nd\no1\ne\n'],
      [0, 'c\no3\nsize\ne\n'],
    ]);
    t.deliver(0, '!yv\n');
    await expect(released).resolves.toEqual({ type: 'value', value: { kind: 'void' } });
    await Promise.resolve();
    expect(t.sent[2]).toEqual([3, 'c\no2\nsize\ne\n']);
    t.deliver(3, '!yi7\n');
    t.deliver(0, '!yi8\n');
    await expect(other).resolves.toMatchObject({ value: { value: 7 } });
    await expect(same).resolves.toMatchObject({ value: { value: 8 } });
  });

  it('does not count releases in flight as load when picking a channel', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    void p.release('m\nd\no1\ne\n');
    await Promise.resolve();
    expect(p.pickChannel([0, 2])).toBe(0);
    void p.request('c\no2\nsize\ne\n', 0);
    await Promise.resolve();
    expect(p.pickChannel([0, 2])).toBe(2);
  });

  it('stops holding commands for the releases of an abandoned channel', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t, { releaseChannel: () => 0 });
    void p.release('m\nd\no1\ne\n').catch(() => undefined);
    await Promise.resolve();
    const other = p.request('c\no2\nsize\ne\n', 2);
    await Promise.resolve();
    expect(t.sent).toHaveLength(1);
    p.abandon(0, new Error('interrupted'));
    await Promise.resolve();
    expect(t.sent[1]).toEqual([2, 'c\no2\nsize\ne\n']);
    t.deliver(2, '!yi1\n');
    await expect(other).resolves.toMatchObject({ type: 'value' });
  });

  it('fails a call answered in its place after its connection closed with ConnectionLostError, and goes on', async () => {
    const t = new FakeTransport();
    const p = new CommandPipeline(t);
    const lost = p.request('c\no1\nsize\ne\n');
    await Promise.resolve();
    t.deliver(0, '!xsThe connection to the JVM closed (read timeout)\n');
    await expect(lost).rejects.toMatchObject({
      name: 'ConnectionLostError',
      code: 'E_CONNECTION_LOST',
      message: expect.stringMatching(/^The connection to the JVM closed \(read timeout\); this call was not answered/),
    });
    const next = p.request('c\no1\nsize\ne\n');
    await Promise.resolve();
    t.deliver(0, '!yi4\n');
    await expect(next).resolves.toEqual({ type: 'value', value: { kind: 'int', value: 4 } });
    expect(p.closed).toBe(false);
  });
});
