import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SetupError } from '../errors.ts';

export const MIN_JAVA_MAJOR = 11;

export interface JavaRuntime {
  /** The executable to spawn: `<javaHome>/bin/java`, or `java` resolved through PATH. */
  javaPath: string;
  /** The version as `java -version` prints it, e.g. `17.0.15` or `1.8.0_292`. */
  version: string;
  /** The feature release, e.g. 17 (8 for `1.8.0_292`). */
  major: number;
}

const HOW_TO_POINT =
  `A JDK ${MIN_JAVA_MAJOR} or newer is required. Install one (e.g. \`apt-get install openjdk-17-jdk-headless\`), ` +
  'then put its `bin` directory on PATH or set JAVA_HOME to its installation directory.';

/**
 * Locates a usable `java` and checks that it is recent enough.
 * `javaHome` (the caller reads JAVA_HOME or a flag) wins over PATH.
 */
export async function findJava(javaHome?: string): Promise<JavaRuntime> {
  const javaPath = javaHome ? join(javaHome, 'bin', 'java') : 'java';
  const where = javaHome ? `JAVA_HOME=${javaHome} (${javaPath})` : '`java` on PATH';
  const output = await runVersion(javaPath).catch((err: unknown) => {
    throw new SetupError('E_NO_JAVA', `Cannot run ${where}: ${describe(err)}. ${HOW_TO_POINT}`, { cause: err });
  });
  const parsed = parseJavaVersion(output);
  if (!parsed) {
    throw new SetupError(
      'E_NO_JAVA',
      `${where} did not report a version (\`java -version\` printed: ${JSON.stringify(output.trim().slice(0, 200))}). ${HOW_TO_POINT}`,
    );
  }
  if (parsed.major < MIN_JAVA_MAJOR) {
    throw new SetupError('E_JAVA_TOO_OLD', `${where} is Java ${parsed.version}. ${HOW_TO_POINT}`);
  }
  return { javaPath, ...parsed };
}

/**
 * Reads the version from `java -version` output. Java 8 and older print
 * `java version "1.8.0_292"`; newer ones print e.g. `openjdk version "17.0.15" 2025-04-15`
 * or `openjdk version "21" 2023-09-19`.
 */
export function parseJavaVersion(output: string): { version: string; major: number } | undefined {
  const match = /version "([^"]+)"/.exec(output);
  if (!match) return undefined;
  const version = match[1]!;
  const parts = version.split(/[.\-+_]/);
  const first = Number(parts[0]);
  const major = first === 1 ? Number(parts[1]) : first;
  return Number.isInteger(major) ? { version, major } : undefined;
}

function runVersion(javaPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // `java -version` writes to stderr; some wrappers use stdout, so read both.
    execFile(javaPath, ['-version'], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(err);
      else resolve(`${stderr}\n${stdout}`);
    });
  });
}

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && err.code === 'ENOENT') return 'no such executable';
  return err instanceof Error ? err.message : String(err);
}
