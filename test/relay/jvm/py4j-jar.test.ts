import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SetupError } from '../../../relay/errors.ts';
import { PY4J_VERSION, findPy4jJar, jarProblem } from '../../../relay/jvm/py4j-jar.ts';
import type { FindPy4jJarOptions } from '../../../relay/jvm/py4j-jar.ts';

/**
 * Builds a zip archive of empty, stored entries: enough for the finder, which
 * reads only the central directory (APPNOTE.TXT 4.3.12 and 4.3.16).
 */
function makeZip(names: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes);
    directory.push(central, nameBytes);
    offset += local.length + nameBytes.length;
  }
  const centralBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralBytes, end]);
}

const PY4J_JAR = makeZip(['META-INF/MANIFEST.MF', 'py4j/', 'py4j/GatewayServer.class', 'py4j/Gateway.class']);
const OTHER_JAR = makeZip(['META-INF/MANIFEST.MF', 'org/example/Main.class']);

describe('findPy4jJar', () => {
  let root: string;
  let home: string;
  let cacheDir: string;
  let systemShare: string;
  let logs: string[];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'py4j-jar-test-'));
    home = join(root, 'home');
    cacheDir = join(root, 'cache');
    systemShare = join(root, 'usr-share-py4j');
    logs = [];
    await mkdir(home, { recursive: true });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Options that see only the temporary directory: no real Python, Maven, home or /usr. */
  function options(extra: Partial<FindPy4jJarOptions> = {}): FindPy4jJarOptions {
    return {
      cacheDir,
      homeDir: home,
      pythonCommand: join(root, 'no-python'),
      mavenCommand: join(root, 'no-mvn'),
      systemShareDirs: [systemShare],
      log: (msg) => logs.push(msg),
      ...extra,
    };
  }

  async function put(path: string, bytes: Buffer | string): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    return path;
  }

  async function script(name: string, body: string): Promise<string> {
    const path = await put(join(root, 'bin', name), `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  /** A fake `mvn` that records its arguments and writes `source` where dependency:copy would. */
  async function fakeMaven(source: string): Promise<string> {
    return script(
      'mvn',
      [
        `echo "$@" >> '${join(root, 'mvn-calls')}'`,
        'for arg in "$@"; do case "$arg" in -DoutputDirectory=*) out="${arg#-DoutputDirectory=}";; esac; done',
        `cp '${source}' "$out/py4j-${PY4J_VERSION}.jar"`,
      ].join('\n'),
    );
  }

  it('returns an explicit path that is a Py4J jar, ahead of a cached copy', async () => {
    const explicit = await put(join(root, 'mine', 'py4j.jar'), PY4J_JAR);
    await put(join(cacheDir, `py4j-${PY4J_VERSION}.jar`), PY4J_JAR);
    await expect(findPy4jJar(options({ explicitPath: explicit }))).resolves.toBe(explicit);
  });

  it('rejects an explicit path that does not exist with E_PY4J_JAR_INVALID', async () => {
    await put(join(cacheDir, `py4j-${PY4J_VERSION}.jar`), PY4J_JAR);
    const error = await findPy4jJar(options({ explicitPath: join(root, 'missing.jar') })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    expect(error).toMatchObject({ code: 'E_PY4J_JAR_INVALID' });
    expect((error as Error).message).toMatch(/--py4j-jar or JVM_NOTEBOOK_PY4J_JAR \(.*missing\.jar\) does not exist/);
  });

  it('rejects an explicit path that is not a jar', async () => {
    const explicit = await put(join(root, 'notes.txt'), 'not a jar');
    await expect(findPy4jJar(options({ explicitPath: explicit }))).rejects.toThrow(/is not a jar \(zip\) file/);
  });

  it('rejects an explicit jar that lacks py4j/GatewayServer.class', async () => {
    const explicit = await put(join(root, 'other.jar'), OTHER_JAR);
    await expect(findPy4jJar(options({ explicitPath: explicit }))).rejects.toThrow(
      /without py4j\/GatewayServer\.class/,
    );
  });

  it('prefers the cached copy to every other source', async () => {
    const cached = await put(join(cacheDir, `py4j-${PY4J_VERSION}.jar`), PY4J_JAR);
    await put(join(home, '.local', 'share', 'py4j', `py4j${PY4J_VERSION}.jar`), PY4J_JAR);
    await put(
      join(home, '.m2', 'repository', 'net', 'sf', 'py4j', 'py4j', PY4J_VERSION, `py4j-${PY4J_VERSION}.jar`),
      PY4J_JAR,
    );
    await expect(findPy4jJar(options())).resolves.toBe(cached);
  });

  it('skips a damaged cached copy and logs why', async () => {
    await put(join(cacheDir, `py4j-${PY4J_VERSION}.jar`), PY4J_JAR.subarray(0, 40));
    const m2 = await put(
      join(home, '.m2', 'repository', 'net', 'sf', 'py4j', 'py4j', PY4J_VERSION, `py4j-${PY4J_VERSION}.jar`),
      PY4J_JAR,
    );
    await expect(findPy4jJar(options())).resolves.toBe(m2);
    expect(logs.join('\n')).toMatch(/Ignoring cached copy .* damaged jar/);
  });

  it('finds the pinned jar under the prefix of a Python py4j install', async () => {
    const prefix = join(root, 'venv');
    const jar = await put(join(prefix, 'share', 'py4j', `py4j${PY4J_VERSION}.jar`), PY4J_JAR);
    const python = await script('python3', `echo '${prefix}'`);
    await expect(findPy4jJar(options({ pythonCommand: python }))).resolves.toBe(jar);
  });

  it('finds the pinned jar of a pip --user install in ~/.local/share/py4j', async () => {
    const jar = await put(join(home, '.local', 'share', 'py4j', `py4j${PY4J_VERSION}.jar`), PY4J_JAR);
    await expect(findPy4jJar(options())).resolves.toBe(jar);
  });

  it('finds the pinned jar in a system share directory', async () => {
    const jar = await put(join(systemShare, `py4j${PY4J_VERSION}.jar`), PY4J_JAR);
    await expect(findPy4jJar(options())).resolves.toBe(jar);
  });

  it('finds the jar in the local Maven repository', async () => {
    const jar = await put(
      join(home, '.m2', 'repository', 'net', 'sf', 'py4j', 'py4j', PY4J_VERSION, `py4j-${PY4J_VERSION}.jar`),
      PY4J_JAR,
    );
    await expect(findPy4jJar(options())).resolves.toBe(jar);
  });

  it('prefers the pinned version in the local Maven repository to another version from Python', async () => {
    await put(join(systemShare, 'py4j0.10.9.7.jar'), PY4J_JAR);
    const m2 = await put(
      join(home, '.m2', 'repository', 'net', 'sf', 'py4j', 'py4j', PY4J_VERSION, `py4j-${PY4J_VERSION}.jar`),
      PY4J_JAR,
    );
    await expect(findPy4jJar(options())).resolves.toBe(m2);
  });

  it('falls back to the newest other version from Python and says so', async () => {
    await put(join(systemShare, 'py4j0.10.9.7.jar'), PY4J_JAR);
    const newest = await put(join(systemShare, 'py4j0.10.10.jar'), PY4J_JAR);
    await put(join(systemShare, 'py4j0.9.jar'), PY4J_JAR);
    await expect(findPy4jJar(options())).resolves.toBe(newest);
    expect(logs.join('\n')).toMatch(new RegExp(`not the pinned Py4J ${PY4J_VERSION.replaceAll('.', '\\.')}`));
  });

  it('downloads with Maven into the cache, then reuses the cached copy', async () => {
    const source = await put(join(root, 'repo', 'py4j.jar'), PY4J_JAR);
    const mvn = await fakeMaven(source);
    const cached = join(cacheDir, `py4j-${PY4J_VERSION}.jar`);

    await expect(findPy4jJar(options({ mavenCommand: mvn }))).resolves.toBe(cached);
    await expect(findPy4jJar(options({ mavenCommand: mvn }))).resolves.toBe(cached);

    const calls = (await readFile(join(root, 'mvn-calls'), 'utf8')).trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain(`dependency:copy -Dartifact=net.sf.py4j:py4j:${PY4J_VERSION}`);
    expect(await readdir(cacheDir)).toEqual([`py4j-${PY4J_VERSION}.jar`]);
  });

  it('rejects what Maven downloaded when it is not a Py4J jar and leaves the cache empty', async () => {
    const source = await put(join(root, 'repo', 'py4j.jar'), '<html>proxy login</html>');
    const mvn = await fakeMaven(source);
    const error = await findPy4jJar(options({ mavenCommand: mvn })).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'E_NO_PY4J_JAR' });
    expect((error as Error).message).toMatch(/Maven .*: the downloaded file is not a jar/);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('reports a failing Maven run with its error line', async () => {
    const mvn = await script('mvn', "echo '[ERROR] Failed to execute goal: Could not resolve artifact' >&2\nexit 1");
    await expect(findPy4jJar(options({ mavenCommand: mvn }))).rejects.toThrow(
      /Maven .*: \[ERROR\] Failed to execute goal/,
    );
  });

  it('fails with E_NO_PY4J_JAR naming every way to provide the jar', async () => {
    const python = await script('python3', `echo "ModuleNotFoundError: No module named 'py4j'" >&2\nexit 1`);
    const error = await findPy4jJar(options({ pythonCommand: python })).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    expect(error).toMatchObject({ code: 'E_NO_PY4J_JAR' });
    const message = (error as Error).message;
    expect(message).toContain('--py4j-jar');
    expect(message).toContain('JVM_NOTEBOOK_PY4J_JAR');
    expect(message).toContain(`pip install py4j==${PY4J_VERSION}`);
    expect(message).toContain(`mvn dependency:get -Dartifact=net.sf.py4j:py4j:${PY4J_VERSION}`);
    expect(message).toContain("No module named 'py4j'");
    expect(message).toMatch(/Maven .*: not installed/);
  });
});

describe('jarProblem', () => {
  it('accepts a zip that lists py4j/GatewayServer.class', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'py4j-jar-test-'));
    try {
      const path = join(dir, 'py4j.jar');
      await writeFile(path, PY4J_JAR);
      await expect(jarProblem(path)).resolves.toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
