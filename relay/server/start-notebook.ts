/**
 * `jvm-notebook start`: the notebook server. Starts (or attaches to) the JVM,
 * serves the UI, the notebook files and the kernel WebSocket, prints the URL
 * to open, and stops the JVM on Ctrl+C.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { JvmConfig } from '../cli/cli-options.ts';
import { setupGateway, type GatewaySetup } from '../jvm/gateway-setup.ts';
import { createNotebookApi } from '../store/notebook-api.ts';
import { NotebookStore } from '../store/notebook-store.ts';
import { startRelay, type Relay } from './relay-server.ts';
import { SetupError } from '../errors.ts';

export interface StartOptions {
  jvm: JvmConfig;
  port: number;
  host: string;
  dir: string;
  token: string | undefined;
  allowedOrigins: string[];
  staticDir: string;
}

export interface StartIo {
  out(line: string): void;
  err(line: string): void;
}

/** Ports tried after the default one when it is taken, like Jupyter does. */
const PORT_RETRIES = 20;

export async function startNotebook(options: StartOptions, io: StartIo): Promise<number> {
  if (!existsSync(path.join(options.staticDir, 'index.html'))) {
    io.err(`The notebook UI is not built (${options.staticDir} is missing). Run: npm run build`);
    return 2;
  }
  let gateway: GatewaySetup;
  try {
    gateway = await setupGateway(options.jvm, io.err);
  } catch (error) {
    io.err(error instanceof SetupError ? error.message : `Could not start the JVM: ${(error as Error).message}`);
    return 2;
  }
  const store = new NotebookStore(path.resolve(options.dir));
  const notebooks = createNotebookApi(store);
  const routes = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname === '/api/status' && req.method === 'GET') {
      json(res, 200, {
        mode: gateway.provider.mode,
        jvm: gateway.embedded ? gateway.embedded.state : 'running',
        dir: store.dir,
      });
      return true;
    }
    if (url.pathname === '/api/jvm/restart') {
      if (req.method !== 'POST')
        return json(res, 405, { error: { code: 'E_METHOD_NOT_ALLOWED', message: 'Use POST.' } });
      if (!gateway.embedded) {
        return json(res, 409, {
          error: {
            code: 'E_ATTACHED',
            message: 'Attached to a JVM run by someone else: it cannot be restarted from here.',
          },
        });
      }
      try {
        await gateway.embedded.restart();
        return json(res, 200, { jvm: gateway.embedded.state });
      } catch (error) {
        return json(res, 500, { error: { code: 'E_JVM_START', message: (error as Error).message } });
      }
    }
    return notebooks(req, res, url);
  };

  let relay: Relay | undefined;
  const ports = options.port === 0 ? [0] : Array.from({ length: PORT_RETRIES + 1 }, (_, i) => options.port + i);
  for (const port of ports) {
    try {
      relay = await startRelay({
        host: options.host,
        port,
        ...(options.token !== undefined ? { token: options.token } : {}),
        gateway: gateway.provider,
        staticDir: options.staticDir,
        allowedOrigins: options.allowedOrigins,
        routes,
        log: io.err,
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === ports[ports.length - 1]) {
        await gateway.stop();
        io.err(`Could not listen on ${options.host}:${port}: ${(error as Error).message}`);
        return 2;
      }
    }
  }
  const server = relay!;
  const mode = gateway.embedded ? `embedded JVM (pid ${gateway.embedded.pid})` : 'attached gateway';
  io.out(`jvm-notebook is running with an ${mode}; notebooks in ${store.dir}`);
  io.out(`Open: ${server.url}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.err(`Stopping (${signal})…`);
      void server
        .close()
        .then(() => gateway.stop())
        .finally(() => resolve(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}
