/**
 * The command line, parsed into a plain config. Pure: argv and the
 * environment come in as arguments (only main.ts reads the process's).
 */
import { parseArgs } from 'node:util';
import { ParameterError, parseParameter } from '../../runner/parameters.ts';

export const USAGE = `Usage:
  jvm-notebook [start] [options]          start the notebook server (prints the URL to open)
  jvm-notebook run NOTEBOOK.ipynb|FOLDER... [options]
                                          run notebooks' code cells headlessly
  jvm-notebook export NOTEBOOK.ipynb --html OUT.html [--no-input]
                                          write the notebook as one self-contained HTML page

JVM options (start and run):
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
  --out FILE            write the executed notebook here (one notebook; never over the input)
  --out-dir DIR         write each executed notebook into DIR (folders keep their layout)
  --inplace             write each executed notebook over its input
  --allow-errors        run every cell even after a failure (exit 1 if any failed)
  --timeout SECONDS     fail a cell that runs longer than this
  --junit FILE          write a JUnit XML report: one testcase per code cell
  --param NAME=VALUE    a constant for the notebook (repeatable; VALUE is JSON or text),
                        set in a cell after the one tagged "parameters"
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
  | {
      command: 'run';
      jvm: JvmConfig;
      notebooks: string[];
      out: string | undefined;
      outDir: string | undefined;
      inplace: boolean;
      allowErrors: boolean;
      timeoutSeconds: number | undefined;
      junit: string | undefined;
      parameters: (readonly [string, unknown])[];
    }
  | { command: 'export'; notebook: string; html: string; noInput: boolean };

const RUN_FLAGS = ['out', 'out-dir', 'inplace', 'allow-errors', 'timeout', 'junit', 'param'] as const;

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
        'out-dir': { type: 'string' },
        inplace: { type: 'boolean' },
        'allow-errors': { type: 'boolean' },
        timeout: { type: 'string' },
        junit: { type: 'string' },
        param: { type: 'string', multiple: true },
        html: { type: 'string' },
        'no-input': { type: 'boolean' },
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
    for (const flag of RUN_FLAGS) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} belongs to the run command.`);
    }
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
    if (rest.length === 0)
      throw new UsageError('run needs a notebook: jvm-notebook run NOTEBOOK.ipynb [more notebooks or folders]');
    for (const flag of ['port', 'host', 'dir', 'token', 'allow-origin'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} belongs to the start command.`);
    }
    const outputs = [values.out !== undefined, values['out-dir'] !== undefined, values.inplace === true];
    if (outputs.filter(Boolean).length > 1) throw new UsageError('Use one of --out, --out-dir and --inplace.');
    let timeoutSeconds: number | undefined;
    if (values.timeout !== undefined) {
      timeoutSeconds = Number(values.timeout);
      if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
        throw new UsageError(`--timeout must be a number of seconds above 0, got ${values.timeout}`);
    }
    let parameters: (readonly [string, unknown])[];
    try {
      parameters = (values.param ?? []).map(parseParameter);
    } catch (error) {
      if (error instanceof ParameterError) throw new UsageError(error.message);
      throw error;
    }
    return {
      command: 'run',
      jvm,
      notebooks: rest,
      out: values.out,
      outDir: values['out-dir'],
      inplace: values.inplace === true,
      allowErrors: values['allow-errors'] === true,
      timeoutSeconds,
      junit: values.junit,
      parameters,
    };
  }
  if (command === 'export') {
    if (rest.length !== 1)
      throw new UsageError('export takes one notebook: jvm-notebook export NOTEBOOK.ipynb --html OUT.html');
    if (values.html === undefined) throw new UsageError('export needs --html OUT.html: the page to write.');
    return { command: 'export', notebook: rest[0]!, html: values.html, noInput: values['no-input'] === true };
  }
  throw new UsageError(`Unknown command: ${command}. Use start, run or export.`);
}

function parseGateway(text: string, token: string | undefined): { host: string; port: number; token: string | null } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--gateway must be HOST:PORT (e.g. 127.0.0.1:25333), got ${text}`);
  }
  return { host: (m[1] ?? m[2])!, port, token: token === undefined || token === '' ? null : token };
}
