/**
 * The relay's HTTP server: the notebook UI as static files, a health check,
 * a hook for later HTTP APIs, and the WebSocket at `/ws` on which each
 * connection becomes a RelaySession. Every request passes the checks in
 * access.ts first. Tokens are never logged.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { CallbackRouter } from '../session/callback-router.ts';
import { startCallbackServer } from '../session/callback-server.ts';
import { resetCallbackClient } from '../jvm/callback-client-reset.ts';
import {
  allowedHosts,
  checkAccess,
  tokenCookie,
  tokenCookieName,
  createAccessToken,
  type AccessPolicy,
} from './access.ts';
import { requestUrl } from './request-url.ts';
import type { GatewayProvider, GatewayTarget } from '../jvm/gateway-target.ts';
import { RelaySession, type SessionSummary } from '../session/relay-session.ts';

/** The largest WebSocket message a client may send. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface RelayOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** The access token; default a random one. */
  token?: string;
  gateway: GatewayProvider;
  /** The built notebook UI; without it only the APIs are served. */
  staticDir?: string;
  /** Origins besides the relay's own allowed to open the WebSocket and send state-changing requests (e.g. a dev server). */
  allowedOrigins?: string[];
  /** Host names besides the loopback ones and the bind address that clients may use (`name:port`). */
  allowedHosts?: string[];
  log?: (line: string) => void;
  /** Later HTTP APIs: called after the access checks; returns true when it handled the request. */
  routes?: RouteHandler;
  /** How long a closing session may take to release its Java objects; default 10 s. */
  releaseTimeoutMs?: number;
}

export interface Relay {
  /** The URL to open, token included: `http://host:port/?token=…`. Show it to the user, never log it elsewhere. */
  url: string;
  /** The WebSocket URL, without the token: send it as a header, query or cookie. */
  wsUrl: string;
  port: number;
  token: string;
  /** Closes every session (releasing their objects), then the server. */
  close(): Promise<void>;
  /** Sessions not yet fully ended (a closing session counts until its objects are released). */
  sessions(): number;
  onSessionClosed(listener: (summary: SessionSummary) => void): void;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.ipynb': 'application/x-ipynb+json; charset=utf-8',
};

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const bindHost = opts.host ?? '127.0.0.1';
  const router = new CallbackRouter();
  const callbackServer = await startCallbackServer({
    router,
    token: () => opts.gateway.current()?.token ?? null,
    log: opts.log,
  });
  // Point every JVM we talk to — the first and each restarted one — at the callback server.
  const pointCallbacks = async (target: GatewayTarget | null): Promise<void> => {
    if (!target) return;
    await resetCallbackClient(target, callbackServer.port).catch((error: unknown) =>
      (opts.log ?? (() => {}))(`Callbacks from Java to TypeScript are unavailable: ${(error as Error).message}`),
    );
  };
  // Awaited, so that the relay is ready (and its set-up objects released) when startRelay resolves.
  await pointCallbacks(opts.gateway.current());
  const unsubscribeGateway = opts.gateway.onChange((target) => void pointCallbacks(target));
  const token = createAccessToken(opts.token);
  const log = opts.log ?? (() => {});
  const sessions = new Set<RelaySession>();
  const closedListeners: ((summary: SessionSummary) => void)[] = [];
  // Filled in once the port is known; no request is served before that.
  let policy: AccessPolicy = { token, cookie: '', hosts: new Set(), origins: opts.allowedOrigins ?? [] };

  // Nothing a client sends may end the process: every failure becomes an answer here.
  const server = createServer((req, res) => {
    handleRequest(req, res)
      .catch((err: unknown) => {
        log(
          `HTTP ${req.method} ${requestUrl(req.url)?.pathname ?? '(unparsable path)'} failed: ${(err as Error).message}`,
        );
        if (!res.headersSent) sendText(res, 500, 'Internal error.');
        else res.destroy();
      })
      // Answering can fail too (a socket already gone): that must not become an unhandled rejection.
      .catch(() => res.destroy());
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url);
    if (url === null) {
      sendText(res, 400, BAD_PATH);
      return;
    }
    const access = checkAccess(req, policy, 'http');
    if (!access.ok) {
      sendText(res, access.status, access.message);
      return;
    }
    if (access.source === 'query') res.setHeader('Set-Cookie', tokenCookie(policy.cookie, token));
    if (url.pathname === '/health') {
      sendJson(res, 200, { ok: true, mode: opts.gateway.mode });
      return;
    }
    if (opts.routes && (await opts.routes(req, res, url))) return;
    if ((req.method === 'GET' || req.method === 'HEAD') && opts.staticDir !== undefined) {
      await serveStatic(opts.staticDir, url.pathname, req, res);
      return;
    }
    sendText(res, 404, 'Not found.');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    try {
      upgrade(req, socket, head);
    } catch (err) {
      log(`WebSocket upgrade failed: ${(err as Error).message}`);
      socket.destroy();
    }
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestUrl(req.url);
    if (url === null) {
      refuseUpgrade(socket, 400, BAD_PATH);
      return;
    }
    if (url.pathname !== '/ws') {
      refuseUpgrade(socket, 404, 'Not found: the WebSocket is at /ws.');
      return;
    }
    const access = checkAccess(req, policy, 'websocket');
    if (!access.ok) {
      refuseUpgrade(socket, access.status, access.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      const session = new RelaySession({
        socket: ws,
        gateway: opts.gateway,
        log,
        callbacks: router,
        maxCommandChars: MAX_MESSAGE_BYTES,
        ...(opts.releaseTimeoutMs === undefined ? {} : { releaseTimeoutMs: opts.releaseTimeoutMs }),
      });
      sessions.add(session);
      void session.closed.then((summary) => {
        sessions.delete(session);
        if (summary.leaked > 0 || summary.unanswered > 0) {
          log(
            `Session ended: released ${summary.released} Java objects, ${summary.leaked} could not be released, ${summary.unanswered} calls unanswered.`,
          );
        }
        for (const listener of closedListeners) listener(summary);
      });
    });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  server.on('error', (err) => log(`HTTP server error: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  policy = {
    token,
    cookie: tokenCookieName(port),
    hosts: allowedHosts({ host: bindHost, port }, opts.allowedHosts),
    origins: opts.allowedOrigins ?? [],
  };

  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/?token=${encodeURIComponent(token)}`,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    port,
    token,
    sessions: () => sessions.size,
    onSessionClosed: (listener) => {
      closedListeners.push(listener);
    },
    close: () => {
      closing ??= (async () => {
        const ending = [...sessions].map((session) => {
          session.close();
          return session.closed;
        });
        const stopped = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
        await Promise.all(ending);
        // A client that does not answer the closing handshake would hold the server open.
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await stopped;
        unsubscribeGateway();
        await callbackServer.close();
      })();
      return closing;
    },
  };
}

/**
 * Serves a file from the static folder. The path is resolved, symbolic links
 * included, and must stay inside the folder: anything else is a 404.
 */
async function serveStatic(dir: string, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    sendText(res, 400, 'Bad request: malformed URL encoding.');
    return;
  }
  if (relative.includes('\0')) {
    sendText(res, 400, 'Bad request.');
    return;
  }
  if (relative.endsWith('/')) relative += 'index.html';
  const root = await realpath(resolve(dir)).catch(() => null);
  const file = root === null ? null : await realpath(join(root, relative)).catch(() => null);
  const info = file === null ? null : await stat(file).catch(() => null);
  if (root === null || file === null || !file.startsWith(root + sep) || !info?.isFile()) {
    sendText(res, 404, 'Not found.');
    return;
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'X-Content-Type-Options': 'nosniff',
    // The UI is rebuilt in place: make the browser revalidate the entry page.
    ...(file.endsWith('.html') ? { 'Cache-Control': 'no-cache' } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolvePromise, reject) => {
    const stream = createReadStream(file);
    stream.once('error', reject);
    res.once('close', () => resolvePromise());
    stream.pipe(res);
  });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${text}\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

const BAD_PATH = 'Bad request: the request path is not a URL path this relay serves.';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `\r\n${body}`,
  );
}
