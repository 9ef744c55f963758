/**
 * The callback server: the JVM connects here to call TypeScript objects that
 * implement Java interfaces. It speaks the Python side of Py4J's callback
 * protocol (py4j-java `CallbackConnection`, `reflection/PythonProxyHandler`):
 * optional auth `A\n<token>\n[e\n]` answered `!yv`, then commands (see
 * protocol/py4j callback-command.ts), each answered with one `!…` line. Each
 * call is routed to the session owning the object.
 *
 * Once the JVM is pointed here (`GatewayServer.resetCallbackClient`), every
 * callback of every session comes through this one port, on as many
 * connections as the JVM has threads calling back at once.
 *
 * Connections need not authenticate: the stock GatewayServer started with a
 * token but pointed here by resetCallbackClient does not send one. That is
 * acceptable because callback ids are capabilities (callback-router.ts): a
 * process that reaches this port cannot call a callback it was not handed.
 * What such a process can do is send bytes, so every connection is bounded:
 * a command may hold at most `maxCommandChars` characters (a callback argument
 * is a Java string sent whole, so the bound is the one the relay puts on a
 * WebSocket message, which is how the command reaches the kernel), and a
 * connection that sends nothing for `idleTimeoutMs` while no callback of it is
 * running is closed. Py4J's CallbackClient closes the connections it has not
 * used for two of its 30 s cleanup periods, so a legitimate idle connection
 * goes well before the default bound here.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  callbackCommandText,
  errorAnswer,
  FrameLimitError,
  parseCallbackCommand,
  ReadLineSplitter,
  voidAnswer,
} from '../../protocol/py4j/index.ts';
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
  /** Most characters of one command, its line ends included; default 64 MiB. */
  maxCommandChars?: number;
  /** How long a connection with no callback running may stay silent; default 3 minutes. */
  idleTimeoutMs?: number;
}

const DEFAULT_MAX_COMMAND_CHARS = 64 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 3 * 60 * 1000;

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
  const log = opts.log ?? (() => {});
  const maxCommandChars = opts.maxCommandChars ?? DEFAULT_MAX_COMMAND_CHARS;
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  socket.setTimeout(opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  socket.on('error', () => undefined);
  // Lines as the JVM's side would cut them; the JVM never writes a raw `\r`, since it escapes strings.
  const splitter = new ReadLineSplitter(maxCommandChars);
  let lines: string[] = [];
  let lineChars = 0;
  /** Commands are answered one at a time, in order: the JVM waits for each answer. */
  let chain: Promise<void> = Promise.resolve();
  /** Callbacks received and not yet answered: while one runs, silence is the JVM waiting. */
  let running = 0;
  /** After the token, the Java side writes an `e` line that is not a command. */
  let skipEndLine = false;

  const answer = (text: string) => {
    running--;
    if (!socket.destroyed) socket.write(text);
  };

  socket.on('timeout', () => {
    if (running === 0) socket.destroy();
  });

  socket.on('data', (chunk: string) => {
    let complete;
    try {
      complete = splitter.push(chunk);
      if (lineChars + splitter.pendingChars > maxCommandChars)
        throw new FrameLimitError('E_PY4J_COMMAND_TOO_LARGE', maxCommandChars);
    } catch (error) {
      if (!(error instanceof FrameLimitError)) throw error;
      log(`Callback connection closed: ${error.message}`);
      lines = [];
      socket.destroy();
      return;
    }
    for (const { text: line } of complete) {
      if (skipEndLine) {
        skipEndLine = false;
        if (line === 'e') continue;
      }
      lines.push(line);
      lineChars += line.length + 1;
      if (lines[0] === 'A') {
        if (lines.length < 2) continue;
        const expected = opts.token();
        lines = [];
        lineChars = 0;
        if (expected !== null && !tokensEqual(line, expected)) {
          socket.end(errorAnswer('Authentication error: bad auth token received.'));
          return;
        }
        skipEndLine = true;
        socket.write(voidAnswer());
        continue;
      }
      if (line !== 'e') {
        if (lineChars > maxCommandChars) {
          log(`Callback connection closed: a command is larger than ${maxCommandChars} characters.`);
          socket.destroy();
          return;
        }
        continue;
      }
      const command = lines.slice(0, -1);
      lines = [];
      lineChars = 0;
      running++;
      chain = chain.then(() => handle(command, opts).then(answer));
    }
  });
}

async function handle(lines: string[], opts: CallbackServerOptions): Promise<string> {
  let command;
  try {
    command = parseCallbackCommand(lines);
  } catch (error) {
    return errorAnswer((error as Error).message);
  }
  if (command.kind === 'gc') return voidAnswer();
  const target = opts.router.route(command.objectId);
  if (!target) {
    return errorAnswer(
      `The TypeScript callback ${command.objectId} is gone: the notebook session that created it has closed. Run the cell that creates it again.`,
    );
  }
  try {
    return await target.callback(callbackCommandText(lines));
  } catch (error) {
    return errorAnswer(`The TypeScript callback ${command.objectId} failed: ${(error as Error).message}`);
  }
}
