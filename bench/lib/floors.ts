/**
 * The physical floors of our two hops, with nothing of ours in between: a
 * raw Py4J call from Node over TCP, sequential and pipelined.
 */
import net from 'node:net';
import { authCommand, callCommand } from '../../protocol/py4j/index.ts';
import { RawPy4j, type RawTarget } from './raw-py4j.ts';

export interface RawTcpFloor {
  /** µs per call, each awaited. */
  sequentialUs: number;
  /** calls/s, one command per socket write, all issued at once. */
  pipelinedPerSec: number;
  /** calls/s, 100 commands per socket write. */
  batchedPerSec: number;
}

const COMMAND = callCommand('z:java.lang.Math', 'max', [
  { kind: 'int', value: 3 },
  { kind: 'int', value: 4 },
]);
const ANSWER = '!yi4\n';

export async function measureRawTcp(target: RawTarget, count: number): Promise<RawTcpFloor> {
  const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
  socket.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  // Counting answers by length is enough: every answer is the same `!yi4\n` (auth answers `!yv\n`).
  let received = 0;
  let wanted = 0;
  let done: (() => void) | null = null;
  socket.on('data', (chunk: string) => {
    received += chunk.length;
    if (received >= wanted && done) {
      const d = done;
      done = null;
      d();
    }
  });
  const expect = (chars: number, write: () => void) =>
    new Promise<void>((resolve) => {
      received = 0;
      wanted = chars;
      done = resolve;
      write();
    });
  if (target.token !== null) await expect(4, () => socket.write(authCommand(target.token!)));

  const sequential = async (n: number) => {
    for (let i = 0; i < n; i++) await expect(ANSWER.length, () => socket.write(COMMAND));
  };
  const perWrite = async (n: number, perWrite: number) => {
    const text = COMMAND.repeat(perWrite);
    await expect(ANSWER.length * n, () => {
      for (let i = 0; i < n; i += perWrite) socket.write(text);
    });
  };
  await sequential(Math.min(2000, count));
  await perWrite(count, 1);

  let started = performance.now();
  await sequential(count);
  const sequentialUs = ((performance.now() - started) * 1000) / count;
  started = performance.now();
  await perWrite(count, 1);
  const pipelinedPerSec = count / ((performance.now() - started) / 1000);
  started = performance.now();
  await perWrite(count, 100);
  const batchedPerSec = count / ((performance.now() - started) / 1000);
  socket.end();
  return { sequentialUs, pipelinedPerSec, batchedPerSec };
}

/** µs per awaited raw Py4J call over a fresh connection: a short sample of the floor, taken next to a task. */
export async function rawSequentialUs(target: RawTarget, count: number): Promise<number> {
  const conn = await RawPy4j.connect(target);
  try {
    for (let i = 0; i < 100; i++) await conn.call(COMMAND);
    const started = performance.now();
    for (let i = 0; i < count; i++) await conn.call(COMMAND);
    return ((performance.now() - started) * 1000) / count;
  } finally {
    conn.close();
  }
}
