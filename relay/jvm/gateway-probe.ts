/**
 * Whether a gateway's JVM still answers: the difference between a Py4J
 * connection the JVM closed (a read timeout, a fatal answer) and a JVM that
 * is gone. A TCP connect alone is not enough — while a killed JVM's sockets
 * are torn down, its listening socket may still accept for a moment — so the
 * probe authenticates and makes one call that creates no object.
 */
import { callCommand, isSuccessAnswer } from '../../protocol/py4j/index.ts';
import { GatewayConnection } from './gateway-connection.ts';
import type { GatewayTarget } from './gateway-target.ts';

/** A call that creates no reference: proof that the gateway answers commands, not only connections. */
export const PROBE_COMMAND = callCommand('z:java.lang.Math', 'max', [
  { kind: 'int', value: 1 },
  { kind: 'int', value: 2 },
]);

export function gatewayAnswers(target: GatewayTarget, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = GatewayConnection.open(target, { connectTimeoutMs: timeoutMs });
    let settled = false;
    const settle = (alive: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    conn.onLines((lines) => settle(lines[0] !== undefined && isSuccessAnswer(lines[0])));
    conn.onClose(() => settle(false));
    conn.write(PROBE_COMMAND);
  });
}
