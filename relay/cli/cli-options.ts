/**
 * The command line, parsed into a plain config. Pure: argv and the
 * environment come in as arguments (only main.ts reads the process's).
 */
import { parseArgs } from 'node:util';

export const USAGE = `Usage:
  jvm-notebook [start] [options]          start the notebook server (prints the URL to open)
  jvm-notebook run NOTEBOOK.ipynb [--out FILE] [options]
                                          run a notebook's code cells headlessly

JVM options (both commands):
  --classpath CP        extra classpath for the embedded JVM (path-separated jars/folders)
  --gateway HOST:PORT   attach to a running Py4J gateway instead of starting a JVM
  --gateway-token T     its auth token (or set JVM_NOTEBOOK_GATEWAY_TOKEN)
  --py4j-jar PATH       the Py4J jar to use (or set JVM_NOTEBOOK_PY4J_JAR)
  --java-home DIR       the JDK to use (default: JAVA_HOME, then java on PATH)

start options:
  --port N              port to listen on (default 8890; 0 picks a free one)
  --host HOST           address to bind (default 127.0.0.1 — loopback only)
  --dir DIR             the notebook folder (default ./notebooks)
  --token T             access token (default: random; or set JVM_NOTEBOOK_TOKEN)
  --allow-origin URL    an extra origin allowed to open the WebSocket and change state (repeatable)

run options:
  --out FILE            write the executed notebook here (never over the input)
`;

export interface JvmConfig {
  classpath: string | undefined;
  gateway: { host: string; port: number; token: string | null } | undefined;
  py4jJar: string | undefined;
  javaHome: string | undefined;
  cacheDir: string;
}

export type CliConfig =
  | { command: 'help' }
  | {
      command: 'start';
      jvm: JvmConfig;
      port: number;
      host: string;
      dir: string;
      token: string | undefined;
      allowedOrigins: string[];
    }
  | { command: 'run'; jvm: JvmConfig; notebook: string; out: string | undefined };

export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'E_USAGE';
}

export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cacheDir: string,
): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        classpath: { type: 'string' },
        gateway: { type: 'string' },
        'gateway-token': { type: 'string' },
        'py4j-jar': { type: 'string' },
        'java-home': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        dir: { type: 'string' },
        token: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command = 'start', ...rest] = positionals;
  const jvm: JvmConfig = {
    classpath: values.classpath,
    gateway:
      values.gateway === undefined
        ? undefined
        : parseGateway(values.gateway, values['gateway-token'] ?? env['JVM_NOTEBOOK_GATEWAY_TOKEN']),
    py4jJar: values['py4j-jar'] ?? env['JVM_NOTEBOOK_PY4J_JAR'],
    javaHome: values['java-home'] ?? env['JAVA_HOME'],
    cacheDir,
  };
  if (jvm.gateway && jvm.classpath) {
    throw new UsageError(
      '--classpath applies to the embedded JVM only; with --gateway, the running JVM has its own classpath.',
    );
  }
  if (command === 'start') {
    if (rest.length > 0) throw new UsageError(`Unexpected argument: ${rest[0]}`);
    if (values.out !== undefined) throw new UsageError('--out belongs to the run command.');
    const port = values.port === undefined ? 8890 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number, got ${values.port}`);
    return {
      command: 'start',
      jvm,
      port,
      host: values.host ?? '127.0.0.1',
      dir: values.dir ?? 'notebooks',
      token: values.token ?? env['JVM_NOTEBOOK_TOKEN'],
      allowedOrigins: values['allow-origin'] ?? [],
    };
  }
  if (command === 'run') {
    if (rest.length !== 1) throw new UsageError('run takes exactly one notebook file: jvm-notebook run NOTEBOOK.ipynb');
    for (const flag of ['port', 'host', 'dir', 'token', 'allow-origin'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} belongs to the start command.`);
    }
    return { command: 'run', jvm, notebook: rest[0]!, out: values.out };
  }
  throw new UsageError(`Unknown command: ${command}. Use start or run.`);
}

function parseGateway(text: string, token: string | undefined): { host: string; port: number; token: string | null } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--gateway must be HOST:PORT (e.g. 127.0.0.1:25333), got ${text}`);
  }
  return { host: (m[1] ?? m[2])!, port, token: token === undefined || token === '' ? null : token };
}
