/**
 * The notebook folder on disk: `.ipynb` files at the top level of one directory.
 *
 * Every file is addressed by a bare file name that is checked, then resolved inside
 * the folder and checked again, so no name reaches outside it. A symbolic link is
 * followed only when it leads to a file in the folder itself; every operation refuses
 * one that leads elsewhere (E_OUTSIDE_DIR), and list() leaves it out. Writes go to a temp
 * file in the same folder that is renamed over the target, so a crash leaves the old
 * or the new file, never half of one. Each write names the revision it started from
 * (a hash of the file's bytes) and fails with a ConflictError when the file has
 * changed since, so two tabs cannot silently overwrite each other. Changes made
 * through one store run one at a time, which makes its check-then-act steps atomic
 * with respect to each other; another program writing the folder at the same instant
 * is only caught by the next revision check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NotebookFormatError, newNotebook, parseNotebook, serializeNotebook } from '../../protocol/notebook-file.ts';
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import { ConflictError, StoreError } from './notebook-store-errors.ts';

export const MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024;
export const MAX_NAME_LENGTH = 200;
const EXTENSION = '.ipynb';
// Most file systems cap a name at 255 bytes, so a short name of wide characters can still be too long.
const MAX_NAME_BYTES = 255;
// C0 and C1 control characters, DEL included.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Enough fresh names for any folder a person keeps by hand.
const MAX_NAME_ATTEMPTS = 10_000;

export interface NotebookEntry {
  name: string;
  size: number;
  /** Last modification, ISO 8601. */
  modified: string;
}

export interface StoredNotebook {
  name: string;
  revision: string;
  notebook: NotebookDoc;
}

export interface NotebookStoreOptions {
  /** Files and notebooks larger than this are refused; defaults to 32 MiB. */
  maxBytes?: number;
}

/**
 * Throws a StoreError (E_BAD_NAME) unless `name` is a single `.ipynb` file name
 * that cannot point outside the folder or at a hidden file.
 */
export function checkNotebookName(name: string): void {
  const problem = nameProblem(name);
  if (problem !== undefined) throw new StoreError('E_BAD_NAME', `Invalid notebook name ${quote(name)}: ${problem}.`);
}

export class NotebookStore {
  readonly dir: string;
  readonly #maxBytes: number;
  // The tail of the queue of changes; each change starts when the previous one settles.
  #changes: Promise<unknown> = Promise.resolve();

  constructor(dir: string, options: NotebookStoreOptions = {}) {
    this.dir = resolve(dir);
    this.#maxBytes = options.maxBytes ?? MAX_NOTEBOOK_BYTES;
  }

  async list(): Promise<NotebookEntry[]> {
    await mkdir(this.dir, { recursive: true });
    const entries: NotebookEntry[] = [];
    for (const name of await readdir(this.dir)) {
      if (nameProblem(name) !== undefined) continue;
      // A link out of the folder is not shown: opening it would be refused anyway.
      if ((await this.#linkTarget(name, join(this.dir, name)).catch(() => null)) === null) continue;
      // stat follows symbolic links: a link to a notebook in the folder is listed, a link to a folder is not.
      const info = await statOrNull(join(this.dir, name));
      if (info === null || !info.isFile()) continue;
      entries.push({ name, size: info.size, modified: info.mtime.toISOString() });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Reads and parses a notebook. A malformed file throws NotebookFormatError and is left as it is. */
  async read(name: string): Promise<StoredNotebook> {
    const bytes = await this.#readBytes(name);
    const notebook = parseNotebook(decodeUtf8(bytes, name), name);
    return { name, revision: revisionOf(bytes), notebook };
  }

  /**
   * Writes a notebook if the file is still at `baseRevision` (null: the file must not
   * exist yet); otherwise throws ConflictError, unless `force` is set.
   */
  async write(
    name: string,
    notebook: NotebookDoc,
    baseRevision: string | null,
    options: { force?: boolean } = {},
  ): Promise<{ revision: string }> {
    const path = this.#pathOf(name);
    const bytes = Buffer.from(serializeNotebook(notebook), 'utf8');
    this.#checkSize(name, bytes.length);
    return this.#change(async () => {
      await mkdir(this.dir, { recursive: true });
      // Saving through a link writes the file it leads to, and keeps the link.
      const target = await this.#linkTarget(name, path);
      const current = await this.#currentRevision(name, target);
      const currentRevision = current?.revision ?? null;
      if (!options.force && currentRevision !== baseRevision)
        throw new ConflictError(name, currentRevision, baseRevision);
      await this.#writeAtomically(target, bytes, current?.mode);
      return { revision: revisionOf(bytes) };
    });
  }

  /** Creates a new notebook, named `name` or the first free `Untitled…` name. Never overwrites. */
  async create(name?: string): Promise<{ name: string }> {
    if (name !== undefined) checkNotebookName(name);
    return this.#change(async () => {
      await mkdir(this.dir, { recursive: true });
      let target: string;
      if (name === undefined) {
        target = await this.#freeName((n) => (n === 0 ? `Untitled${EXTENSION}` : `Untitled${n}${EXTENSION}`));
      } else {
        if ((await lstatOrNull(this.#pathOf(name))) !== null) throw exists(name);
        target = name;
      }
      await this.#writeAtomically(this.#pathOf(target), Buffer.from(serializeNotebook(newNotebook()), 'utf8'));
      return { name: target };
    });
  }

  /** Renames a notebook; refuses to replace an existing file. */
  async rename(from: string, to: string): Promise<{ name: string }> {
    const fromPath = this.#pathOf(from);
    const toPath = this.#pathOf(to);
    return this.#change(async () => {
      const source = await lstatOrNull(fromPath);
      if (source === null || source.isDirectory()) throw notFound(from);
      await this.#linkTarget(from, fromPath);
      const target = await lstatOrNull(toPath);
      // On a case-insensitive file system, `a.ipynb` -> `A.ipynb` finds its own source as the target.
      if (target !== null && !(target.ino === source.ino && target.dev === source.dev)) throw exists(to);
      await rename(fromPath, toPath);
      return { name: to };
    });
  }

  /**
   * Copies a notebook byte for byte to `<stem>-Copy1.ipynb`, or the first free
   * `-CopyN`; the copy of a copy counts on from the original's stem, as Jupyter does.
   */
  async duplicate(name: string): Promise<{ name: string }> {
    checkNotebookName(name);
    const stem = name.slice(0, -EXTENSION.length).replace(/-Copy\d*$/, '');
    return this.#change(async () => {
      const bytes = await this.#readBytes(name);
      const target = await this.#freeName((n) => `${stem}-Copy${n + 1}${EXTENSION}`);
      await this.#writeAtomically(this.#pathOf(target), bytes);
      return { name: target };
    });
  }

  async remove(name: string): Promise<void> {
    const path = this.#pathOf(name);
    await this.#change(async () => {
      const info = await lstatOrNull(path);
      if (info === null || info.isDirectory()) throw notFound(name);
      await this.#linkTarget(name, path);
      await unlink(path);
    });
  }

  #pathOf(name: string): string {
    checkNotebookName(name);
    const path = resolve(this.dir, name);
    // The name check already rules out separators and `..`; this guards against a gap in it.
    if (dirname(path) !== this.dir)
      throw new StoreError(
        'E_BAD_NAME',
        `Invalid notebook name ${quote(name)}: it points outside the notebook folder.`,
      );
    return path;
  }

  /**
   * The path to use for the file at `path`: itself, unless it is a symbolic link, then
   * the file it finally leads to, which must be in this folder. Throws E_OUTSIDE_DIR for
   * a link that leads out of the folder, or to nothing (where a write would land is
   * then up to the link).
   */
  async #linkTarget(name: string, path: string): Promise<string> {
    const info = await lstatOrNull(path);
    if (info === null || !info.isSymbolicLink()) return path;
    const outside = (why: string) =>
      new StoreError('E_OUTSIDE_DIR', `${quote(name)} is a symbolic link ${why}; it is not opened from here.`);
    const [root, target] = await Promise.all([
      realpath(this.dir),
      realpath(path).catch((error: unknown) => {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ELOOP') {
          throw outside('that leads to no file');
        }
        throw error;
      }),
    ]);
    if (dirname(target) !== root) throw outside('to a file outside the notebook folder');
    return target;
  }

  #checkSize(name: string, size: number): void {
    if (size > this.#maxBytes) {
      throw new StoreError(
        'E_TOO_LARGE',
        `${name} is ${formatBytes(size)}, over the ${formatBytes(this.#maxBytes)} limit for notebooks.`,
      );
    }
  }

  async #readBytes(name: string): Promise<Buffer> {
    // The resolved path is read, so a link swapped in after the check is not followed.
    const path = await this.#linkTarget(name, this.#pathOf(name));
    // Checked before opening: opening a FIFO would block, and a huge file would be read whole.
    const info = await statOrNull(path);
    if (info === null || !info.isFile()) throw notFound(name);
    this.#checkSize(name, info.size);
    const bytes = await readFile(path).catch((error: unknown) => {
      throw isMissing(error) ? notFound(name) : error;
    });
    // The file may have grown between stat and read.
    this.#checkSize(name, bytes.length);
    return bytes;
  }

  async #currentRevision(name: string, path: string): Promise<{ revision: string; mode: number } | null> {
    const info = await statOrNull(path);
    if (info === null) return null;
    if (!info.isFile()) throw new StoreError('E_EXISTS', `${name} exists and is not a notebook file.`);
    const hash = createHash('sha256');
    try {
      // Streamed, so that a file over the size limit can still be compared without holding it in memory.
      await pipeline(createReadStream(path), hash);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return { revision: hash.digest('hex').slice(0, 16), mode: info.mode & 0o7777 };
  }

  async #freeName(candidate: (attempt: number) => string): Promise<string> {
    for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      const name = candidate(attempt);
      // lstat, not a directory listing: on a case-insensitive file system `untitled.ipynb` takes `Untitled.ipynb`.
      if ((await lstatOrNull(this.#pathOf(name))) === null) return name;
    }
    throw new StoreError(
      'E_EXISTS',
      `No free name found after ${MAX_NAME_ATTEMPTS} attempts (last tried ${candidate(MAX_NAME_ATTEMPTS - 1)}).`,
    );
  }

  async #writeAtomically(path: string, bytes: Buffer, mode?: number): Promise<void> {
    // Hidden and not `.ipynb`, so a temp file left by a crash never shows up in list().
    const temp = join(this.dir, `.jvm-notebook-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        // Without this, a crash soon after the rename can leave an empty file on some file systems.
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (mode !== undefined) await chmod(temp, mode);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  #change<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#changes.then(work);
    this.#changes = result.catch(() => undefined);
    return result;
  }
}

export function revisionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function nameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'it is empty';
  if (name.includes('/') || name.includes('\\')) return 'it must be a file name, without "/" or "\\"';
  if (name.includes('..')) return 'it must not contain ".."';
  if (name.startsWith('.')) return 'it must not start with "."';
  if (CONTROL.test(name)) return 'it must not contain control characters';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes in UTF-8`;
  if (!name.endsWith(EXTENSION) || name.length === EXTENSION.length) return `it must end with "${EXTENSION}"`;
  return undefined;
}

function decodeUtf8(bytes: Buffer, name: string): string {
  try {
    // A byte-order mark is dropped: some Windows editors write one, and JSON.parse rejects it.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new NotebookFormatError(name, 'the file is not valid UTF-8 text', { cause: error });
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFound(name: string): StoreError {
  return new StoreError('E_NOT_FOUND', `There is no notebook named ${name}.`);
}

function exists(name: string): StoreError {
  return new StoreError('E_EXISTS', `A file named ${name} already exists.`);
}

function quote(name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
  return JSON.stringify(shown);
}

function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / (1024 * 1024)).toFixed(1)} MiB`;
  if (size >= 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${size} bytes`;
}
