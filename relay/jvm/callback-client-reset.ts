/**
 * Points a gateway's callback client at our callback server. The stock
 * GatewayServer calls Python back on a fixed port; `resetCallbackClient`
 * (public on GatewayServer, py4j-java `GatewayServer.java`) replaces that
 * address. The JVM's own auth token is kept by the new callback client for a
 * GatewayServer; a ClientServer's new client does not authenticate, which the
 * callback server allows (callback ids are unguessable capabilities).
 */
import { callCommand, decodeAnswer, deleteCommand, type Answer } from '../../protocol/py4j/index.ts';
import { GatewayConnection } from './gateway-connection.ts';
import type { GatewayTarget } from './gateway-target.ts';

export async function resetCallbackClient(target: GatewayTarget, callbackPort: number): Promise<void> {
  const conn = GatewayConnection.open(target);
  const waiting: ((line: string) => void)[] = [];
  const closed = new Promise<never>((_, reject) =>
    conn.onClose((error) => reject(error ?? new Error('The gateway closed the connection.'))),
  );
  closed.catch(() => undefined);
  conn.onLines((lines) => {
    for (const line of lines) waiting.shift()?.(line);
  });
  const request = (command: string): Promise<Answer> => {
    const answer = new Promise<string>((resolve) => waiting.push(resolve));
    conn.write(command);
    return Promise.race([answer, closed]).then(decodeAnswer);
  };
  try {
    const address = await request(
      callCommand('z:java.net.InetAddress', 'getByName', [{ kind: 'string', value: '127.0.0.1' }]),
    );
    if (address.type !== 'value' || address.value.kind !== 'ref')
      throw new Error(`InetAddress.getByName answered ${address.type}`);
    const reset = await request(
      callCommand('GATEWAY_SERVER', 'resetCallbackClient', [
        { kind: 'ref', id: address.value.id, refKind: 'object' },
        { kind: 'int', value: callbackPort },
      ]),
    );
    await request(deleteCommand(address.value.id));
    if (reset.type !== 'value') {
      throw new Error(reset.type === 'gateway-error' ? reset.message.split('\n', 1)[0]! : `answer ${reset.type}`);
    }
  } finally {
    conn.close();
  }
}
