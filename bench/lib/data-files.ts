/**
 * Files of random bytes for the `bytes_10mb` task, one per size, made once
 * in a temporary folder: the JVM reads one into a Java byte[] that both
 * clients then fetch. A byte[] made by a Py4J command would itself travel to
 * the client by value (Py4J passes every byte[] as bytes), so the task starts
 * from a file. The checksum proves the bytes arrived intact.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface DataFile {
  path: string;
  /** Sum of the bytes (unsigned) modulo 2^32. */
  checksum: number;
}

export class DataFiles {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'jvm-notebook-bench-data-'));
  private readonly files = new Map<number, DataFile>();

  file(size: number): DataFile {
    let file = this.files.get(size);
    if (!file) {
      const bytes = randomBytes(size);
      let sum = 0;
      for (const b of bytes) sum = (sum + b) % 2 ** 32;
      file = { path: path.join(this.dir, `bytes-${size}.bin`), checksum: sum };
      writeFileSync(file.path, bytes);
      this.files.set(size, file);
    }
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
