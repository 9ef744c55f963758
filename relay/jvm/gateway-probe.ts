/**
 * Whether a gateway still accepts TCP connections: the difference between a
 * Py4J connection the JVM closed (a read timeout, a fatal answer) and a JVM
 * that is gone. Nothing is sent; the probe connection is closed at once.
 */
import { connect } from 'node:net';
import type { GatewayTarget } from './gateway-target.ts';

export function gatewayAccepts(target: Pick<GatewayTarget, 'host' | 'port'>, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const settle = (alive: boolean): void => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => settle(false));
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
  });
}
