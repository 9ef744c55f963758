import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SetupError } from '../errors.ts';

/** The Py4J release the relay and its tests are written against. */
export const PY4J_VERSION = '0.10.9.9';

const MAVEN_ARTIFACT = `net.sf.py4j:py4j:${PY4J_VERSION}`;

export interface FindPy4jJarOptions {
  /** From `--py4j-jar` or JVM_NOTEBOOK_PY4J_JAR; when set it must be a Py4J jar. */
  explicitPath?: string;
  /** Where a downloaded jar is kept as `py4j-<version>.jar`. */
  cacheDir: string;
  log?: (msg: string) => void;
  /** Home directory for `~/.local/share/py4j` and `~/.m2`; defaults to the user's. */
  homeDir?: string;
  /** Commands to run; tests point them at fakes. */
  pythonCommand?: string;
  mavenCommand?: string;
  /** System-wide directories where packages put the jar. */
  systemShareDirs?: readonly string[];
}

const DEFAULT_SYSTEM_SHARE_DIRS = ['/usr/share/py4j', '/usr/local/share/py4j'];

/**
 * Finds the Py4J jar: an explicit path; else the cached copy; else the pinned
 * version from a Python `py4j` install; else the local Maven repository; else
 * another version from a Python install; else a download with Maven, verified
 * and cached. Fails with a SetupError naming every way to provide the jar.
 */
export async function findPy4jJar(opts: FindPy4jJarOptions): Promise<string> {
  const log = opts.log ?? (() => {});
  const home = opts.homeDir ?? homedir();

  if (opts.explicitPath !== undefined) {
    const path = resolve(opts.explicitPath);
    const problem = await jarProblem(path);
    if (problem) {
      throw new SetupError(
        'E_PY4J_JAR_INVALID',
        `The Py4J jar given with --py4j-jar or JVM_NOTEBOOK_PY4J_JAR (${path}) ${problem}.`,
      );
    }
    return path;
  }

  const tried: string[] = [];
  const accept = async (path: string, what: string): Promise<boolean> => {
    const problem = await jarProblem(path);
    if (!problem) return true;
    if (problem !== NOT_FOUND) log(`Ignoring ${what} ${path}: it ${problem}.`);
    tried.push(`${what} ${path}: ${problem}`);
    return false;
  };

  const cached = join(opts.cacheDir, `py4j-${PY4J_VERSION}.jar`);
  if (await accept(cached, 'cached copy')) return cached;

  const shareDirs = [
    ...(await pythonShareDirs(opts.pythonCommand ?? 'python3', tried)),
    join(home, '.local', 'share', 'py4j'),
    ...(opts.systemShareDirs ?? DEFAULT_SYSTEM_SHARE_DIRS),
  ];
  const uniqueShareDirs = [...new Set(shareDirs.map((dir) => resolve(dir)))];
  for (const dir of uniqueShareDirs) {
    // Python's py4j names its jar `py4j<version>.jar`, without a dash.
    if (await accept(join(dir, `py4j${PY4J_VERSION}.jar`), 'Python py4j jar'))
      return join(dir, `py4j${PY4J_VERSION}.jar`);
  }

  const m2 = join(home, '.m2', 'repository', 'net', 'sf', 'py4j', 'py4j', PY4J_VERSION, `py4j-${PY4J_VERSION}.jar`);
  if (await accept(m2, 'local Maven repository')) return m2;

  for (const path of await otherVersions(uniqueShareDirs)) {
    if (await accept(path, 'Python py4j jar')) {
      log(`Using ${path}, not the pinned Py4J ${PY4J_VERSION}; install py4j==${PY4J_VERSION} if something misbehaves.`);
      return path;
    }
  }

  const fetched = await fetchWithMaven(opts.mavenCommand ?? 'mvn', opts.cacheDir, cached, log, tried);
  if (fetched) return fetched;

  throw new SetupError(
    'E_NO_PY4J_JAR',
    [
      `Cannot find the Py4J jar (${MAVEN_ARTIFACT}). Provide it in one of these ways:`,
      `  - pass --py4j-jar /path/to/py4j-${PY4J_VERSION}.jar`,
      `  - set JVM_NOTEBOOK_PY4J_JAR=/path/to/py4j-${PY4J_VERSION}.jar`,
      `  - pip install py4j==${PY4J_VERSION}   (installs share/py4j/py4j${PY4J_VERSION}.jar)`,
      `  - install Maven (mvn) so it can be fetched, or run: mvn dependency:get -Dartifact=${MAVEN_ARTIFACT}`,
      'Looked at:',
      ...tried.map((line) => `  - ${line}`),
    ].join('\n'),
  );
}

const NOT_FOUND = 'does not exist';

/**
 * Says what is wrong with `path` as a Py4J jar, or undefined if it is one:
 * a zip archive whose central directory lists `py4j/GatewayServer.class`.
 */
export async function jarProblem(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? NOT_FOUND : `cannot be read (${code ?? String(err)})`;
  }
  if (bytes.readUInt32LE(0) !== ZIP_LOCAL_HEADER) return 'is not a jar (zip) file';
  const names = zipEntryNames(bytes);
  if (!names) return 'is a damaged jar (no readable zip directory)';
  if (!names.includes('py4j/GatewayServer.class')) return 'is a jar without py4j/GatewayServer.class';
  return undefined;
}

const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;

/** Lists the names in a zip's central directory (APPNOTE.TXT 4.3.12 and 4.3.16). */
function zipEntryNames(bytes: Buffer): string[] | undefined {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (bytes.readUInt32LE(i) === ZIP_END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== ZIP_CENTRAL_HEADER) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Asks Python where py4j's `share/py4j` may be: under `sys.prefix`, under the
 * user base (`pip install --user`), and relative to the package itself, the
 * places py4j's own `find_jar_path` looks (py4j-python/src/py4j/java_gateway.py).
 */
async function pythonShareDirs(python: string, tried: string[]): Promise<string[]> {
  const script = [
    'import os, site, sys, py4j',
    'print(sys.prefix)',
    'print(site.USER_BASE or "")',
    'print(os.path.join(os.path.dirname(os.path.realpath(py4j.__file__)), "..", "..", "..", ".."))',
  ].join('\n');
  try {
    const { stdout } = await run(python, ['-c', script], 30_000);
    return stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((prefix) => join(prefix, 'share', 'py4j'));
  } catch (err) {
    tried.push(`Python py4j install (${python}): ${firstLine(err)}`);
    return [];
  }
}

/** Jars of any Py4J version in the share directories, newest version first. */
async function otherVersions(dirs: readonly string[]): Promise<string[]> {
  const found: { path: string; version: number[] }[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir).catch(() => [] as string[]);
    for (const name of entries) {
      const match = /^py4j-?(\d+(?:\.\d+)*)\.jar$/.exec(name);
      if (match && match[1] !== PY4J_VERSION)
        found.push({ path: join(dir, name), version: match[1]!.split('.').map(Number) });
    }
  }
  return found.sort((a, b) => compareVersions(b.version, a.version)).map((entry) => entry.path);
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Downloads the pinned jar with Maven into a scratch directory, verifies it, and moves it into the cache. */
async function fetchWithMaven(
  mvn: string,
  cacheDir: string,
  cached: string,
  log: (msg: string) => void,
  tried: string[],
): Promise<string | undefined> {
  log(`Fetching ${MAVEN_ARTIFACT} with Maven...`);
  await mkdir(cacheDir, { recursive: true });
  const scratch = await mkdtemp(join(cacheDir, '.mvn-'));
  try {
    await run(
      mvn,
      ['-q', '-B', 'dependency:copy', `-Dartifact=${MAVEN_ARTIFACT}`, `-DoutputDirectory=${scratch}`],
      10 * 60_000,
    );
    const downloaded = join(scratch, `py4j-${PY4J_VERSION}.jar`);
    const problem = await jarProblem(downloaded);
    if (problem) {
      tried.push(`Maven (${mvn}): the downloaded file ${problem}`);
      return undefined;
    }
    // The scratch directory is inside cacheDir, so this rename is atomic: a
    // concurrent reader never sees half a jar.
    await rename(downloaded, cached);
    log(`Cached the Py4J jar at ${cached}`);
    return cached;
  } catch (err) {
    tried.push(`Maven (${mvn}): ${firstLine(err)}`);
    return undefined;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeout: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolvePromise({ stdout, stderr });
    });
  });
}

/** A one-line account of why a command failed, for the list of places looked at. */
function firstLine(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
  if (e.code === 'ENOENT') return 'not installed';
  // Strip ANSI colours: Maven prints them even with -q.
  const output = `${e.stderr ?? ''}\n${e.stdout ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const detail = lines.find((line) => /error|no module/i.test(line)) ?? lines[0] ?? e.message;
  return detail.length > 300 ? `${detail.slice(0, 300)}...` : detail;
}
