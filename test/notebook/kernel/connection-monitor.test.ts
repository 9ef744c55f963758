import { describe, expect, it } from 'vitest';
import type { RelayStatus } from '../../../notebook/api/notebook-api.ts';
import { ConnectionMonitor } from '../../../notebook/kernel/connection-monitor.ts';
import { ManualTimers, flush } from '../fake-timers.ts';

describe('ConnectionMonitor', () => {
  it('polls with backoff until the relay reports a running JVM', async () => {
    const timers = new ManualTimers();
    const answers: (RelayStatus | Error)[] = [
      new Error('down'),
      new Error('down'),
      { mode: 'embedded', jvm: 'exited' },
      { mode: 'embedded', jvm: 'running' },
    ];
    const seen: string[] = [];
    const polledAt: number[] = [];
    const monitor = new ConnectionMonitor({
      status: async () => {
        polledAt.push(timers.now);
        const answer = answers.shift()!;
        if (answer instanceof Error) throw answer;
        return answer;
      },
      onStatus: (s) => seen.push(s.jvm),
      onUnreachable: () => seen.push('unreachable'),
      setTimer: timers.setTimer,
      delaysMs: [100, 200, 400],
    });
    monitor.start();
    for (let i = 0; i < 4; i++) {
      timers.advance(400);
      await flush();
    }
    expect(seen).toEqual(['unreachable', 'unreachable', 'exited', 'running']);
    expect(polledAt[1]! - polledAt[0]!).toBeGreaterThan(100);
    expect(timers.pending).toBe(0);
  });

  it('stops polling when stopped', async () => {
    const timers = new ManualTimers();
    let polls = 0;
    const monitor = new ConnectionMonitor({
      status: async () => {
        polls++;
        throw new Error('down');
      },
      onStatus: () => undefined,
      onUnreachable: () => undefined,
      setTimer: timers.setTimer,
    });
    monitor.start();
    monitor.stop();
    timers.advance(10_000);
    await flush();
    expect(polls).toBe(0);
  });
});
