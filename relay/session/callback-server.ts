/**
 * The callback server: the JVM connects here to call TypeScript objects that
 * implement Java interfaces. It speaks the Python side of Py4J's callback
 * protocol (py4j-java `CallbackConnection`, `reflection/PythonProxyHandler`):
 * optional auth `A\n<token>\n[e\n]` answered `!yv`, then commands —
 * `c\n<object id>\n<method>\n<args…>\ne\n` (a call, answered with one `!…`
 * line) and `g\n<object id>\ne\n` (the JVM dropped its proxy, answered `!yv`).
 * Each call is routed to the session owning the object.
 *
 * Once the JVM is pointed here (`GatewayServer.resetCallbackClient`), every
 * callback of every session comes through this one port, on as many
 * connections as the JVM has threads calling back at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { escapeString, LineSplitter } from '../../protocol/py4j/index.ts';
import type { CallbackRouter } from './callback-router.ts';
import { tokensEqual } from '../server/access.ts';

export interface CallbackServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  router: CallbackRouter;
  /** The gateway's auth token: a connection that authenticates must use it. */
  token: () => string | null;
  log?: (line: string) => void;
}

export async function startCallbackServer(opts: CallbackServerOptions): Promise<CallbackServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, opts);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection(socket: Socket, opts: CallbackServerOptions): void {
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  const splitter = new LineSplitter();
  let lines: string[] = [];
  /** Commands are answered one at a time, in order: the JVM waits for each answer. */
  let chain: Promise<void> = Promise.resolve();
  /** After the token, the Java side writes an `e` line that is not a command. */
  let skipEndLine = false;

  const answer = (text: string) => {
    if (!socket.destroyed) socket.write(text);
  };

  socket.on('data', (chunk: string) => {
    for (const line of splitter.push(chunk)) {
      if (skipEndLine) {
        skipEndLine = false;
        if (line === 'e') continue;
      }
      lines.push(line);
      if (lines[0] === 'A') {
        if (lines.length < 2) continue;
        const expected = opts.token();
        lines = [];
        if (expected !== null && !tokensEqual(line, expected)) {
          answer(`!xs${escapeString('Authentication error: bad auth token received.')}\n`);
          socket.end();
          return;
        }
        skipEndLine = true;
        answer('!yv\n');
        continue;
      }
      if (line !== 'e') continue;
      const command = lines.slice(0, -1);
      lines = [];
      chain = chain.then(() => handle(command, opts).then(answer));
    }
  });
}

async function handle(lines: string[], opts: CallbackServerOptions): Promise<string> {
  const [name, objectId = ''] = lines;
  if (name === 'g') return '!yv\n';
  if (name !== 'c') return `!xs${escapeString(`Unknown callback command ${JSON.stringify(name)}.`)}\n`;
  const target = opts.router.route(objectId);
  if (!target) {
    return `!xs${escapeString(
      `The TypeScript callback ${objectId} is gone: the notebook session that created it has closed. Run the cell that creates it again.`,
    )}\n`;
  }
  try {
    return await target.callback(`${lines.join('\n')}\ne\n`);
  } catch (error) {
    return `!xs${escapeString(`The TypeScript callback ${objectId} failed: ${(error as Error).message}`)}\n`;
  }
}
