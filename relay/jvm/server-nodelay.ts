/**
 * Turns on TCP_NODELAY for the gateway's side of its connections.
 *
 * The stock server writes one answer per command and does not disable Nagle's
 * algorithm, so when several commands are pipelined, the second answer waits
 * in the server's send buffer until our (delayed) ACK of the first arrives —
 * about 40 ms per batch on Linux. The server exposes no switch for it, but its
 * connection list and sockets are reachable through the gateway itself:
 * `GatewayServer.connections` (a private field, read by reflection), then
 * `connection.getSocket().setTcpNoDelay(true)`. Each step is one command sent
 * alone, so the procedure itself never stalls. Every reference it creates is
 * deleted. Failure (another server class, a security manager) is harmless: the
 * connection works, only slower for small pipelined batches.
 */
import { callCommand, deleteCommand, type Answer, type WireArg } from '../../protocol/py4j/index.ts';

export type Requester = (command: string) => Promise<Answer>;

export async function enableServerNoDelay(request: Requester): Promise<{ enabled: number } | { error: string }> {
  const temporaries: string[] = [];
  const ref = async (command: string): Promise<string> => {
    const answer = await request(command);
    if (answer.type !== 'value' || answer.value.kind !== 'ref') throw new Error(`unexpected answer ${answer.type}`);
    temporaries.push(answer.value.id);
    return answer.value.id;
  };
  const str = (value: string): WireArg => ({ kind: 'string', value });
  const r = (id: string): WireArg => ({ kind: 'ref', id, refKind: 'object' });
  try {
    const cls = await ref(callCommand('z:java.lang.Class', 'forName', [str('py4j.GatewayServer')]));
    const field = await ref(callCommand(cls, 'getDeclaredField', [str('connections')]));
    await request(callCommand(field, 'setAccessible', [{ kind: 'bool', value: true }]));
    const list = await ref(callCommand(field, 'get', [r('GATEWAY_SERVER')]));
    // Copy first: the server adds and removes connections concurrently.
    const copy = await ref(callCommand('z:java.util.List', 'copyOf', [r(list)]));
    const size = await request(callCommand(copy, 'size', []));
    const n = size.type === 'value' && size.value.kind === 'int' ? size.value.value : 0;
    let enabled = 0;
    for (let i = 0; i < n; i++) {
      const connection = await ref(callCommand(copy, 'get', [{ kind: 'int', value: i }]));
      const socket = await request(callCommand(connection, 'getSocket', []));
      if (socket.type !== 'value' || socket.value.kind !== 'ref') continue;
      temporaries.push(socket.value.id);
      const done = await request(callCommand(socket.value.id, 'setTcpNoDelay', [{ kind: 'bool', value: true }]));
      if (done.type === 'value') enabled++;
    }
    return { enabled };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    for (const id of temporaries) request(deleteCommand(id)).catch(() => undefined);
  }
}
