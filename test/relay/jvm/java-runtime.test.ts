import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SetupError } from '../../../relay/errors.ts';
import { findJava, parseJavaVersion } from '../../../relay/jvm/java-runtime.ts';

describe('parseJavaVersion', () => {
  it('reads a modern OpenJDK banner', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toEqual({
      version: '17.0.15',
      major: 17,
    });
  });

  it('reads a feature release without minor parts', () => {
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toEqual({ version: '21', major: 21 });
  });

  it('reads an early-access build', () => {
    expect(parseJavaVersion('openjdk version "24-ea" 2025-03-18')).toEqual({ version: '24-ea', major: 24 });
  });

  it('reads the 1.x numbering of Java 8 and older', () => {
    expect(parseJavaVersion('java version "1.8.0_292"\nJava(TM) SE Runtime Environment')).toEqual({
      version: '1.8.0_292',
      major: 8,
    });
  });

  it('returns undefined for output without a version', () => {
    expect(parseJavaVersion('Error: could not find libjava.so')).toBeUndefined();
  });
});

describe('findJava', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'java-runtime-test-'));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  /** A fake JDK whose `java -version` prints `banner` on stderr, as the real one does. */
  async function fakeJavaHome(banner: string): Promise<string> {
    const home = join(dir, 'jdk');
    await mkdir(join(home, 'bin'), { recursive: true });
    const java = join(home, 'bin', 'java');
    await writeFile(java, `#!/bin/sh\necho '${banner}' >&2\n`);
    await chmod(java, 0o755);
    return home;
  }

  it('uses <javaHome>/bin/java and reports its version', async () => {
    const home = await fakeJavaHome('openjdk version "17.0.2" 2022-01-18');
    await expect(findJava(home)).resolves.toEqual({
      javaPath: join(home, 'bin', 'java'),
      version: '17.0.2',
      major: 17,
    });
  });

  it('rejects a Java older than 11 with E_JAVA_TOO_OLD', async () => {
    const home = await fakeJavaHome('java version "1.8.0_292"');
    const error = await findJava(home).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    expect(error).toMatchObject({ code: 'E_JAVA_TOO_OLD' });
    expect((error as Error).message).toMatch(/1\.8\.0_292.*JDK 11 or newer/s);
  });

  it('rejects a JAVA_HOME without bin/java with E_NO_JAVA that says how to point at a JDK', async () => {
    const error = await findJava(join(dir, 'no-jdk-here')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    expect(error).toMatchObject({ code: 'E_NO_JAVA', name: 'SetupError' });
    expect((error as Error).message).toMatch(/JAVA_HOME=.*no-jdk-here/);
    expect((error as Error).message).toMatch(/JDK 11 or newer.*PATH.*JAVA_HOME/s);
  });

  it('rejects with E_NO_JAVA when no java is on PATH', async () => {
    vi.stubEnv('PATH', dir);
    const error = await findJava().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'E_NO_JAVA' });
    expect((error as Error).message).toMatch(/`java` on PATH: no such executable/);
  });

  it('finds java on PATH when no javaHome is given', async () => {
    const home = await fakeJavaHome('openjdk version "11.0.20" 2023-07-18');
    vi.stubEnv('PATH', join(home, 'bin'));
    await expect(findJava()).resolves.toEqual({ javaPath: 'java', version: '11.0.20', major: 11 });
  });

  it('rejects with E_NO_JAVA when java prints no version', async () => {
    const home = await fakeJavaHome('Error occurred during initialization of VM');
    await expect(findJava(home)).rejects.toMatchObject({ code: 'E_NO_JAVA' });
  });
});
