import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookFormatError, newNotebook, parseNotebook, serializeNotebook } from '../../../protocol/notebook-file.ts';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { ConflictError, StoreError } from '../../../relay/store/notebook-store-errors.ts';
import { NotebookStore } from '../../../relay/store/notebook-store.ts';

let root: string;
let dir: string;
let store: NotebookStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'notebook-store-'));
  dir = join(root, 'notebooks');
  store = new NotebookStore(dir);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sha16(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function notebookWith(source: string): NotebookDoc {
  const doc = newNotebook({ newId: () => 'cell-1' });
  doc.cells[0]!.source = source;
  return doc;
}

async function put(name: string, content: string | Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  return (error as StoreError).code;
}

describe('NotebookStore.list', () => {
  it('creates a missing folder and lists nothing', async () => {
    expect(await store.list()).toEqual([]);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('lists only .ipynb files at the top level, sorted by name, with size and modification time', async () => {
    await put('b.ipynb', '{}');
    await put('a.ipynb', '12345');
    await put('notes.txt', 'x');
    await put('.hidden.ipynb', '{}');
    await put('.jvm-notebook-0123.tmp', '{}');
    await mkdir(join(dir, 'folder.ipynb'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'nested.ipynb'), '{}');

    const entries = await store.list();
    expect(entries.map((entry) => entry.name)).toEqual(['a.ipynb', 'b.ipynb']);
    expect(entries[0]!.size).toBe(5);
    expect(new Date(entries[0]!.modified).toISOString()).toBe(entries[0]!.modified);
  });
});

describe('NotebookStore.create', () => {
  it('names new notebooks Untitled.ipynb, Untitled1.ipynb, Untitled2.ipynb', async () => {
    expect(await store.create()).toEqual({ name: 'Untitled.ipynb' });
    expect(await store.create()).toEqual({ name: 'Untitled1.ipynb' });
    expect(await store.create()).toEqual({ name: 'Untitled2.ipynb' });
    const { notebook } = await store.read('Untitled1.ipynb');
    expect(notebook.cells).toHaveLength(1);
    expect(notebook.cells[0]!.cell_type).toBe('code');
  });

  it('skips a name that is taken instead of overwriting it', async () => {
    const path = await put('Untitled.ipynb', 'not even JSON');
    expect(await store.create()).toEqual({ name: 'Untitled1.ipynb' });
    expect(await readFile(path, 'utf8')).toBe('not even JSON');
  });

  it('creates a notebook under a given name and refuses one that exists', async () => {
    expect(await store.create('Plan.ipynb')).toEqual({ name: 'Plan.ipynb' });
    expect(await codeOf(store.create('Plan.ipynb'))).toBe('E_EXISTS');
  });
});

describe('NotebookStore.read', () => {
  it('returns the parsed notebook and the first 16 hex digits of the sha256 of its bytes', async () => {
    const text = serializeNotebook(notebookWith('1 + 1'));
    await put('one.ipynb', text);
    const stored = await store.read('one.ipynb');
    expect(stored.name).toBe('one.ipynb');
    expect(stored.revision).toBe(sha16(text));
    expect(stored.notebook.cells[0]!.source).toBe('1 + 1');
  });

  it('reports a missing notebook as E_NOT_FOUND', async () => {
    expect(await codeOf(store.read('nothing.ipynb'))).toBe('E_NOT_FOUND');
    await mkdir(join(dir, 'folder.ipynb'), { recursive: true });
    expect(await codeOf(store.read('folder.ipynb'))).toBe('E_NOT_FOUND');
  });

  it('reports a malformed file with its name and problem and leaves it byte for byte as it was', async () => {
    const bytes = Buffer.from('{\n "nbformat": 4,\n "cells": [\n');
    const path = await put('broken.ipynb', bytes);
    const before = await stat(path);

    const error = await store.read('broken.ipynb').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(NotebookFormatError);
    expect((error as NotebookFormatError).message).toMatch(/^broken\.ipynb: invalid JSON at line 4/);

    expect(await readFile(path)).toEqual(bytes);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(dir)).toEqual(['broken.ipynb']);
  });

  it('reports a file that is not UTF-8 as malformed', async () => {
    await put('latin1.ipynb', Buffer.from([0x7b, 0xe9, 0x7d]));
    await expect(store.read('latin1.ipynb')).rejects.toThrow('latin1.ipynb: the file is not valid UTF-8 text');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const small = new NotebookStore(dir, { maxBytes: 100 });
    await put('big.ipynb', 'x'.repeat(101));
    expect(await codeOf(small.read('big.ipynb'))).toBe('E_TOO_LARGE');
  });
});

describe('NotebookStore.write', () => {
  it('writes a new notebook when the base revision is null and returns its revision', async () => {
    const doc = notebookWith('let x = 1');
    const { revision } = await store.write('new.ipynb', doc, null);
    const text = await readFile(join(dir, 'new.ipynb'), 'utf8');
    expect(text).toBe(serializeNotebook(doc));
    expect(revision).toBe(sha16(text));
    expect((await store.read('new.ipynb')).revision).toBe(revision);
  });

  it('refuses a null base revision when the file exists', async () => {
    const first = await store.write('a.ipynb', notebookWith('1'), null);
    const error = await store.write('a.ipynb', notebookWith('2'), null).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('E_CONFLICT');
    expect((error as ConflictError).currentRevision).toBe(first.revision);
  });

  it('writes over the revision it was based on and refuses a stale one, naming the current revision', async () => {
    const first = await store.write('a.ipynb', notebookWith('1'), null);
    const second = await store.write('a.ipynb', notebookWith('2'), first.revision);
    expect(second.revision).not.toBe(first.revision);

    const error = await store.write('a.ipynb', notebookWith('3'), first.revision).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentRevision).toBe(second.revision);
    expect((await store.read('a.ipynb')).notebook.cells[0]!.source).toBe('2');
  });

  it('detects a change made by another program', async () => {
    const { revision } = await store.write('a.ipynb', notebookWith('1'), null);
    const edited = serializeNotebook(notebookWith('edited elsewhere'));
    await writeFile(join(dir, 'a.ipynb'), edited);
    const error = await store.write('a.ipynb', notebookWith('mine'), revision).catch((reason: unknown) => reason);
    expect((error as ConflictError).currentRevision).toBe(sha16(edited));
  });

  it('reports a deleted file as a conflict with no current revision', async () => {
    const { revision } = await store.write('a.ipynb', notebookWith('1'), null);
    await rm(join(dir, 'a.ipynb'));
    const error = await store.write('a.ipynb', notebookWith('2'), revision).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentRevision).toBeNull();
  });

  it('overwrites regardless of revision when forced', async () => {
    await store.write('a.ipynb', notebookWith('1'), null);
    await store.write('a.ipynb', notebookWith('forced'), 'stale-revision', { force: true });
    expect((await store.read('a.ipynb')).notebook.cells[0]!.source).toBe('forced');
  });

  it('lets exactly one of two writes from the same revision win', async () => {
    const { revision } = await store.write('a.ipynb', notebookWith('0'), null);
    const results = await Promise.allSettled([
      store.write('a.ipynb', notebookWith('tab 1'), revision),
      store.write('a.ipynb', notebookWith('tab 2'), revision),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect((await store.read('a.ipynb')).notebook.cells[0]!.source).toBe('tab 1');
  });

  it('leaves no temp files behind, after success or failure', async () => {
    const { revision } = await store.write('a.ipynb', notebookWith('1'), null);
    await store.write('a.ipynb', notebookWith('2'), revision);
    await store.write('a.ipynb', notebookWith('3'), revision).catch(() => undefined);
    await mkdir(join(dir, 'folder.ipynb'));
    await store.write('folder.ipynb', notebookWith('x'), null, { force: true }).catch(() => undefined);
    expect((await readdir(dir)).sort()).toEqual(['a.ipynb', 'folder.ipynb']);
  });

  it('keeps metadata and fields it does not know about', async () => {
    const original = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'x', display_name: 'X' }, custom: { tags: ['a'], nested: { n: 1 } } },
      extra_top_level: true,
      cells: [
        {
          id: 'c1',
          cell_type: 'code',
          source: ['1\n', '2'],
          metadata: { collapsed: true, mine: 'yes' },
          outputs: [],
          execution_count: 3,
          unknown_cell_field: 7,
        },
        {
          id: 'c2',
          cell_type: 'markdown',
          source: '# Title',
          metadata: {},
          attachments: { 'a.png': { 'image/png': 'AAAA' } },
        },
      ],
    };
    await put('meta.ipynb', JSON.stringify(original));
    const { notebook, revision } = await store.read('meta.ipynb');
    notebook.cells[0]!.source = '1\n2\n3';
    await store.write('meta.ipynb', notebook, revision);

    const written = JSON.parse(await readFile(join(dir, 'meta.ipynb'), 'utf8'));
    expect(written.metadata.custom).toEqual(original.metadata.custom);
    expect(written.metadata.kernelspec).toEqual(original.metadata.kernelspec);
    expect(written.extra_top_level).toBe(true);
    expect(written.cells[0].metadata).toEqual({ collapsed: true, mine: 'yes' });
    expect(written.cells[0].unknown_cell_field).toBe(7);
    expect(written.cells[0].source).toEqual(['1\n', '2\n', '3']);
    expect(written.cells[1].attachments).toEqual(original.cells[1]!.attachments);
  });

  it('refuses a notebook over the size limit and leaves the file alone', async () => {
    const small = new NotebookStore(dir, { maxBytes: 1000 });
    const { revision } = await small.write('a.ipynb', notebookWith('1'), null);
    expect(await codeOf(small.write('a.ipynb', notebookWith('x'.repeat(1000)), revision))).toBe('E_TOO_LARGE');
    expect((await small.read('a.ipynb')).revision).toBe(revision);
  });
});

describe('NotebookStore.rename', () => {
  it('renames a notebook', async () => {
    await store.write('old.ipynb', notebookWith('1'), null);
    expect(await store.rename('old.ipynb', 'new.ipynb')).toEqual({ name: 'new.ipynb' });
    expect((await store.list()).map((entry) => entry.name)).toEqual(['new.ipynb']);
  });

  it('refuses to overwrite an existing target and changes neither file', async () => {
    await put('a.ipynb', 'A');
    await put('b.ipynb', 'B');
    expect(await codeOf(store.rename('a.ipynb', 'b.ipynb'))).toBe('E_EXISTS');
    expect(await readFile(join(dir, 'a.ipynb'), 'utf8')).toBe('A');
    expect(await readFile(join(dir, 'b.ipynb'), 'utf8')).toBe('B');
  });

  it('reports a missing source as E_NOT_FOUND', async () => {
    expect(await codeOf(store.rename('missing.ipynb', 'b.ipynb'))).toBe('E_NOT_FOUND');
  });
});

describe('NotebookStore.duplicate', () => {
  it('copies to <stem>-Copy1.ipynb, then -Copy2, byte for byte', async () => {
    await put('plan.ipynb', 'any bytes, even malformed ones');
    expect(await store.duplicate('plan.ipynb')).toEqual({ name: 'plan-Copy1.ipynb' });
    expect(await store.duplicate('plan.ipynb')).toEqual({ name: 'plan-Copy2.ipynb' });
    expect(await readFile(join(dir, 'plan-Copy2.ipynb'), 'utf8')).toBe('any bytes, even malformed ones');
  });

  it('numbers the copy of a copy from the original stem', async () => {
    await put('plan.ipynb', '{}');
    await put('plan-Copy1.ipynb', '{}');
    expect(await store.duplicate('plan-Copy1.ipynb')).toEqual({ name: 'plan-Copy2.ipynb' });
  });

  it('reports a missing notebook as E_NOT_FOUND', async () => {
    expect(await codeOf(store.duplicate('missing.ipynb'))).toBe('E_NOT_FOUND');
  });
});

describe('NotebookStore.remove', () => {
  it('deletes a notebook', async () => {
    await store.create('gone.ipynb');
    await store.remove('gone.ipynb');
    expect(await store.list()).toEqual([]);
  });

  it('reports a missing notebook as E_NOT_FOUND', async () => {
    expect(await codeOf(store.remove('missing.ipynb'))).toBe('E_NOT_FOUND');
  });
});

describe('notebook names', () => {
  const badNames = [
    '',
    '.ipynb',
    'notes.txt',
    'notes',
    '../x.ipynb',
    '../../etc/x.ipynb',
    'sub/x.ipynb',
    'sub\\x.ipynb',
    '/abs/x.ipynb',
    '..',
    'a..b.ipynb',
    '.hidden.ipynb',
    'nul\u0000.ipynb',
    'new\nline.ipynb',
    'del\u007f.ipynb',
    `${'x'.repeat(195)}.ipynb`,
    `${'é'.repeat(130)}.ipynb`,
  ];

  it.each(badNames)('refuses %j in every operation', async (name) => {
    const doc = notebookWith('1');
    await put('ok.ipynb', serializeNotebook(doc));
    const attempts = [
      store.read(name),
      store.write(name, doc, null, { force: true }),
      store.create(name),
      store.rename('ok.ipynb', name),
      store.rename(name, 'other.ipynb'),
      store.duplicate(name),
      store.remove(name),
    ];
    for (const attempt of attempts) expect(await codeOf(attempt)).toBe('E_BAD_NAME');
    expect(await readdir(root)).toEqual(['notebooks']);
    expect(await readdir(dir)).toEqual(['ok.ipynb']);
  });

  it('explains what is wrong with a name', async () => {
    await expect(store.read('../x.ipynb')).rejects.toThrow(
      'Invalid notebook name "../x.ipynb": it must be a file name, without "/" or "\\".',
    );
    await expect(store.read('x.txt')).rejects.toThrow('Invalid notebook name "x.txt": it must end with ".ipynb".');
  });

  it('accepts spaces, percent signs and non-ASCII letters', async () => {
    for (const name of ['my notebook.ipynb', '100%.ipynb', 'Über-Ärger.ipynb', '%2e%2e%2fx.ipynb']) {
      await store.create(name);
      expect(parseNotebook(await readFile(join(dir, name), 'utf8'), name).cells).toHaveLength(1);
    }
  });
});

describe('symbolic links', () => {
  const secret = serializeNotebook(notebookWith('secret outside the folder'));

  async function linkOut(name: string): Promise<string> {
    const outside = join(root, 'outside.ipynb');
    await writeFile(outside, secret);
    await mkdir(dir, { recursive: true });
    await symlink(outside, join(dir, name));
    return outside;
  }

  async function errorOf(promise: Promise<unknown>): Promise<StoreError> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }

  it('refuses to read a link that leads out of the folder, naming the file and why', async () => {
    await linkOut('out.ipynb');
    const error = await errorOf(store.read('out.ipynb'));
    expect(error.code).toBe('E_OUTSIDE_DIR');
    expect(error.message).toContain('"out.ipynb" is a symbolic link to a file outside the notebook folder');
    expect(await codeOf(store.duplicate('out.ipynb'))).toBe('E_OUTSIDE_DIR');
  });

  it('refuses to write, rename or delete through a link out of the folder, and leaves link and target alone', async () => {
    const outside = await linkOut('out.ipynb');
    expect(await codeOf(store.write('out.ipynb', notebookWith('overwritten'), null, { force: true }))).toBe(
      'E_OUTSIDE_DIR',
    );
    expect(await codeOf(store.rename('out.ipynb', 'moved.ipynb'))).toBe('E_OUTSIDE_DIR');
    expect(await codeOf(store.remove('out.ipynb'))).toBe('E_OUTSIDE_DIR');
    expect((await lstat(join(dir, 'out.ipynb'))).isSymbolicLink()).toBe(true);
    expect(await readFile(outside, 'utf8')).toBe(secret);
    expect(await readdir(dir)).toEqual(['out.ipynb']);
  });

  it('leaves links out of the folder, and links that lead nowhere, out of the list', async () => {
    await linkOut('out.ipynb');
    await symlink(join(dir, 'missing.ipynb'), join(dir, 'dangling.ipynb'));
    await put('real.ipynb', serializeNotebook(notebookWith('1')));
    expect((await store.list()).map((entry) => entry.name)).toEqual(['real.ipynb']);
    expect(await codeOf(store.read('dangling.ipynb'))).toBe('E_OUTSIDE_DIR');
  });

  it('refuses a link that reaches outside through another link in the folder', async () => {
    await linkOut('hop.ipynb');
    await symlink('hop.ipynb', join(dir, 'chain.ipynb'));
    expect(await codeOf(store.read('chain.ipynb'))).toBe('E_OUTSIDE_DIR');
  });

  it('follows a link to a notebook in the folder, and saves through it without replacing the link', async () => {
    const real = await put('real.ipynb', serializeNotebook(notebookWith('1')));
    await symlink('real.ipynb', join(dir, 'alias.ipynb'));
    expect((await store.list()).map((entry) => entry.name)).toEqual(['alias.ipynb', 'real.ipynb']);
    const { revision } = await store.read('alias.ipynb');
    await store.write('alias.ipynb', notebookWith('2'), revision);
    expect((await lstat(join(dir, 'alias.ipynb'))).isSymbolicLink()).toBe(true);
    expect(parseNotebook(await readFile(real, 'utf8'), 'real.ipynb').cells[0]!.source).toBe('2');
    expect((await store.duplicate('alias.ipynb')).name).toBe('alias-Copy1.ipynb');
  });
});
