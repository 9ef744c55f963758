/**
 * The JVM's live-object count (Py4J bindings), read over its own raw
 * connection, and a sampler that records the peak while a task runs. The
 * count includes every client's objects, so tasks read it as a difference
 * from a baseline taken just before they start.
 */
import { callCommand, decodeAnswer, deleteCommand } from '../../protocol/py4j/index.ts';
import { RawPy4j, type RawTarget } from './raw-py4j.ts';

export class LiveCount {
  private constructor(
    private readonly conn: RawPy4j,
    private readonly gatewayId: string,
    private readonly bindingsId: string,
  ) {}

  static async open(target: RawTarget): Promise<LiveCount> {
    const conn = await RawPy4j.connect(target);
    const gatewayId = refId(await conn.call(callCommand('GATEWAY_SERVER', 'getGateway', [])));
    const bindingsId = refId(await conn.call(callCommand(gatewayId, 'getBindings', [])));
    return new LiveCount(conn, gatewayId, bindingsId);
  }

  /** Live ids on the JVM, not counting this probe's own two. */
  async read(): Promise<number> {
    const answer = decodeAnswer(await this.conn.call(callCommand(this.bindingsId, 'size', [])));
    if (answer.type !== 'value' || answer.value.kind !== 'int') throw new Error(`size() answered ${answer.type}`);
    return answer.value.value - 2;
  }

  /** Polls every `everyMs` until stopped; `stop()` resolves with the highest count seen. */
  sample(everyMs = 10): { stop(): Promise<number> } {
    let peak = 0;
    let running = true;
    const loop = (async () => {
      while (running) {
        peak = Math.max(peak, await this.read());
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      peak = Math.max(peak, await this.read());
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return peak;
      },
    };
  }

  /** Waits until the count is at most `limit` (releases are sent without waiting); returns the last count. */
  async settle(limit: number, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let count = await this.read();
    while (count > limit && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      count = await this.read();
    }
    return count;
  }

  async close(): Promise<void> {
    await this.conn.send(deleteCommand(this.bindingsId) + deleteCommand(this.gatewayId), 2);
    this.conn.close();
  }
}

function refId(line: string): string {
  const answer = decodeAnswer(line);
  if (answer.type !== 'value' || answer.value.kind !== 'ref')
    throw new Error(`expected a reference, got ${line.slice(0, 80)}`);
  return answer.value.id;
}
