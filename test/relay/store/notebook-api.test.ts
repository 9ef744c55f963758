import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newNotebook, serializeNotebook } from '../../../protocol/notebook-file.ts';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { createNotebookApi } from '../../../relay/store/notebook-api.ts';
import { NotebookStore } from '../../../relay/store/notebook-store.ts';

const BODY_LIMIT = 64 * 1024;

let root: string;
let dir: string;
let server: Server;
let base: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'notebook-api-'));
  dir = join(root, 'notebooks');
  await mkdir(dir);
  const api = createNotebookApi(new NotebookStore(dir), { maxBodyBytes: BODY_LIMIT });
  server = createServer((req, res) => {
    void api(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((handled) => {
      if (!handled) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not the notebook API');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  server.close();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Reply> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': contentType };
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

function notebookWith(source: string): NotebookDoc {
  const doc = newNotebook({ newId: () => 'cell-1' });
  doc.cells[0]!.source = source;
  return doc;
}

describe('collection', () => {
  it('lists notebooks', async () => {
    await writeFile(join(dir, 'b.ipynb'), '{}');
    await writeFile(join(dir, 'a.ipynb'), '{}');
    const reply = await call('GET', '/api/notebooks');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body.notebooks.map((entry: { name: string }) => entry.name)).toEqual(['a.ipynb', 'b.ipynb']);
    expect(Object.keys(reply.body.notebooks[0]).sort()).toEqual(['modified', 'name', 'size']);
  });

  it('creates Untitled notebooks, or one with the given name', async () => {
    expect(await call('POST', '/api/notebooks', {})).toMatchObject({ status: 201, body: { name: 'Untitled.ipynb' } });
    expect(await call('POST', '/api/notebooks', '')).toMatchObject({ status: 201, body: { name: 'Untitled1.ipynb' } });
    expect(await call('POST', '/api/notebooks', { name: 'Mine.ipynb' })).toMatchObject({
      status: 201,
      body: { name: 'Mine.ipynb' },
    });
    expect(await call('POST', '/api/notebooks', { name: 'Mine.ipynb' })).toMatchObject({
      status: 409,
      body: { error: { code: 'E_EXISTS' } },
    });
    expect(await call('POST', '/api/notebooks', { name: 42 })).toMatchObject({
      status: 400,
      body: { error: { code: 'E_BAD_BODY' } },
    });
  });

  it('answers other methods with 405 and the allowed ones', async () => {
    const reply = await call('DELETE', '/api/notebooks');
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET, POST');
    expect(reply.body.error.code).toBe('E_METHOD_NOT_ALLOWED');
  });
});

describe('one notebook', () => {
  it('reads, writes from the read revision, and reports a stale revision as 409 with the current one', async () => {
    await call('POST', '/api/notebooks', { name: 'n.ipynb' });
    const read = await call('GET', '/api/notebooks/n.ipynb');
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('n.ipynb');
    expect(read.body.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(read.body.notebook.cells).toHaveLength(1);

    read.body.notebook.cells[0].source = 'print(1)';
    const saved = await call('PUT', '/api/notebooks/n.ipynb', {
      notebook: read.body.notebook,
      baseRevision: read.body.revision,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).not.toBe(read.body.revision);

    const stale = await call('PUT', '/api/notebooks/n.ipynb', {
      notebook: read.body.notebook,
      baseRevision: read.body.revision,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'E_CONFLICT', currentRevision: saved.body.revision });
    expect(stale.body.error.message).toContain('n.ipynb was changed on disk');

    const forced = await call('PUT', '/api/notebooks/n.ipynb', {
      notebook: notebookWith('forced'),
      baseRevision: read.body.revision,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect((await call('GET', '/api/notebooks/n.ipynb')).body.notebook.cells[0].source).toBe('forced');
  });

  it('creates a notebook with a null base revision and refuses one when the file exists', async () => {
    expect(
      (await call('PUT', '/api/notebooks/fresh.ipynb', { notebook: notebookWith('1'), baseRevision: null })).status,
    ).toBe(200);
    const again = await call('PUT', '/api/notebooks/fresh.ipynb', { notebook: notebookWith('2'), baseRevision: null });
    expect(again.status).toBe(409);
    expect(again.body.error.currentRevision).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports a missing notebook as 404', async () => {
    expect(await call('GET', '/api/notebooks/none.ipynb')).toMatchObject({
      status: 404,
      body: { error: { code: 'E_NOT_FOUND' } },
    });
    expect((await call('DELETE', '/api/notebooks/none.ipynb')).status).toBe(404);
  });

  it('reports a malformed file as 422 naming the file and the problem, and leaves it untouched', async () => {
    const bytes = '{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code"}, {"cell_type": "sql"}]}';
    await writeFile(join(dir, 'bad.ipynb'), bytes);
    const reply = await call('GET', '/api/notebooks/bad.ipynb');
    expect(reply.status).toBe(422);
    expect(reply.body.error).toEqual({
      code: 'E_NOTEBOOK_FORMAT',
      message: 'bad.ipynb: cell 1: "source" must be a string or an array of strings, found nothing',
    });
    expect(await readFile(join(dir, 'bad.ipynb'), 'utf8')).toBe(bytes);
  });

  it('refuses an invalid notebook body with 400 and writes nothing', async () => {
    const broken = { ...notebookWith('1'), cells: [{ cell_type: 'sql', source: '' }] };
    const reply = await call('PUT', '/api/notebooks/x.ipynb', { notebook: broken, baseRevision: null });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 'E_NOTEBOOK_FORMAT',
      message: 'x.ipynb: cell 1 has unknown cell_type "sql"',
    });

    const onDiskForm = {
      ...notebookWith('1'),
      cells: [{ id: 'a', cell_type: 'code', source: ['1\n', '2'], metadata: {}, outputs: [] }],
    };
    const second = await call('PUT', '/api/notebooks/x.ipynb', { notebook: onDiskForm, baseRevision: null });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toContain('not in the form GET returns');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a PUT body without a usable baseRevision, notebook or force flag', async () => {
    const notebook = notebookWith('1');
    for (const body of [
      { notebook },
      { notebook, baseRevision: 5 },
      { baseRevision: null },
      { notebook: [], baseRevision: null },
      { notebook, baseRevision: null, force: 'yes' },
    ]) {
      expect(await call('PUT', '/api/notebooks/x.ipynb', body)).toMatchObject({
        status: 400,
        body: { error: { code: 'E_BAD_BODY' } },
      });
    }
    for (const text of ['{"notebook":', '[]', '"text"', '']) {
      expect(await call('PUT', '/api/notebooks/x.ipynb', text)).toMatchObject({
        status: 400,
        body: { error: { code: 'E_BAD_BODY' } },
      });
    }
  });

  it('writes back a GET result without changing the file, JSON outputs and unknown fields included', async () => {
    const original = serializeNotebook({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'k', display_name: 'K' },
        language_info: { name: 'typescript' },
        team: { owner: 'ana' },
      },
      cells: [
        {
          id: 'c1',
          cell_type: 'code',
          source: 'data',
          metadata: { tags: ['keep'] },
          execution_count: 1,
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: 1,
              data: { 'application/json': '{"a":[1,2]}', 'text/plain': 'a\nb' },
              metadata: {},
            },
          ],
        },
      ],
    });
    await writeFile(join(dir, 'rich.ipynb'), original);
    const read = await call('GET', '/api/notebooks/rich.ipynb');
    const saved = await call('PUT', '/api/notebooks/rich.ipynb', {
      notebook: read.body.notebook,
      baseRevision: read.body.revision,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(read.body.revision);
    expect(await readFile(join(dir, 'rich.ipynb'), 'utf8')).toBe(original);
  });

  it('renames, duplicates and deletes', async () => {
    await call('POST', '/api/notebooks', { name: 'a.ipynb' });
    await call('POST', '/api/notebooks', { name: 'taken.ipynb' });
    expect(await call('POST', '/api/notebooks/a.ipynb/rename', { to: 'b.ipynb' })).toMatchObject({
      status: 200,
      body: { name: 'b.ipynb' },
    });
    expect(await call('POST', '/api/notebooks/b.ipynb/rename', { to: 'taken.ipynb' })).toMatchObject({
      status: 409,
      body: { error: { code: 'E_EXISTS' } },
    });
    expect(await call('POST', '/api/notebooks/b.ipynb/rename', { to: '../up.ipynb' })).toMatchObject({
      status: 400,
      body: { error: { code: 'E_BAD_NAME' } },
    });
    expect(await call('POST', '/api/notebooks/b.ipynb/rename', {})).toMatchObject({
      status: 400,
      body: { error: { code: 'E_BAD_BODY' } },
    });
    expect(await call('POST', '/api/notebooks/b.ipynb/duplicate', '')).toMatchObject({
      status: 201,
      body: { name: 'b-Copy1.ipynb' },
    });
    expect(await call('POST', '/api/notebooks/b.ipynb/duplicate', {})).toMatchObject({
      status: 201,
      body: { name: 'b-Copy2.ipynb' },
    });

    const deleted = await call('DELETE', '/api/notebooks/b.ipynb');
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    expect((await readdir(dir)).sort()).toEqual(['b-Copy1.ipynb', 'b-Copy2.ipynb', 'taken.ipynb']);
  });

  it('answers wrong methods with 405 and unknown sub-routes with 404', async () => {
    await call('POST', '/api/notebooks', { name: 'a.ipynb' });
    const patch = await call('PATCH', '/api/notebooks/a.ipynb', {});
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect((await call('GET', '/api/notebooks/a.ipynb/rename')).status).toBe(405);
    expect(await call('POST', '/api/notebooks/a.ipynb/explode', {})).toMatchObject({
      status: 404,
      body: { error: { code: 'E_NO_ROUTE' } },
    });
  });
});

describe('names in the URL', () => {
  it('are percent-decoded', async () => {
    const created = await call('PUT', `/api/notebooks/${encodeURIComponent('my notes, Über.ipynb')}`, {
      notebook: notebookWith('1'),
      baseRevision: null,
    });
    expect(created.status).toBe(200);
    expect(await readdir(dir)).toEqual(['my notes, Über.ipynb']);
    expect((await call('GET', '/api/notebooks/my%20notes%2C%20%C3%9Cber.ipynb')).body.name).toBe(
      'my notes, Über.ipynb',
    );
  });

  it.each([
    '%2e%2e%2fx.ipynb',
    '..%2Fx.ipynb',
    '%2E%2E%2F..%2Fetc%2Fx.ipynb',
    '%2e%2e%5cx.ipynb',
    'sub%2Fx.ipynb',
    '%2Ehidden.ipynb',
    'x%00.ipynb',
    'x%0a.ipynb',
    '%E0%A4%A.ipynb',
    'x.txt',
  ])('refuses %s with 400 E_BAD_NAME and touches nothing outside the folder', async (encoded) => {
    for (const [method, body] of [
      ['GET'],
      ['PUT', { notebook: notebookWith('1'), baseRevision: null, force: true }],
      ['DELETE'],
      ['POST', {}],
    ] as const) {
      const suffix = method === 'POST' ? '/duplicate' : '';
      const reply = await call(method, `/api/notebooks/${encoded}${suffix}`, body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('E_BAD_NAME');
    }
    expect(await readdir(root)).toEqual(['notebooks']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves paths outside /api/notebooks to the caller, dot segments included', async () => {
    for (const path of [
      '/api/notebooksx',
      '/api/other',
      '/api/notebooks/../x.ipynb',
      '/api/notebooks/%2e%2e/x.ipynb',
    ]) {
      const reply = await call('GET', path);
      expect(reply.status).toBe(404);
      expect(reply.body).toBe('not the notebook API');
    }
  });
});

describe('request bodies', () => {
  it('are accepted only as application/json for POST and PUT', async () => {
    const notebook = JSON.stringify({ notebook: notebookWith('1'), baseRevision: null });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(await call('PUT', '/api/notebooks/x.ipynb', notebook, type)).toMatchObject({
        status: 415,
        body: { error: { code: 'E_UNSUPPORTED_MEDIA_TYPE' } },
      });
      expect((await call('POST', '/api/notebooks', '{}', type)).status).toBe(415);
    }
    expect((await call('POST', '/api/notebooks', '{}', 'Application/JSON; charset=utf-8')).status).toBe(201);
    const bare = await fetch(`${base}/api/notebooks/Untitled.ipynb/duplicate`, { method: 'POST' });
    expect(bare.status).toBe(415);
    expect(await readdir(dir)).toEqual(['Untitled.ipynb']);
  });

  it('over the limit are refused with 413 when declared', async () => {
    const big = JSON.stringify({ notebook: notebookWith('x'.repeat(BODY_LIMIT)), baseRevision: null });
    expect(await call('PUT', '/api/notebooks/big.ipynb', big)).toMatchObject({
      status: 413,
      body: { error: { code: 'E_TOO_LARGE' } },
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('over the limit are refused with 413 when streamed without a length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/api/notebooks/big.ipynb`,
        { method: 'PUT', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"notebook": "');
      req.write('x'.repeat(BODY_LIMIT));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('symbolic links out of the folder', () => {
  it('are refused with 403 E_OUTSIDE_DIR and left out of the list', async () => {
    await writeFile(join(root, 'outside.ipynb'), serializeNotebook(notebookWith('secret')));
    await symlink(join(root, 'outside.ipynb'), join(dir, 'out.ipynb'));
    const read = await call('GET', '/api/notebooks/out.ipynb');
    expect(read).toMatchObject({ status: 403, body: { error: { code: 'E_OUTSIDE_DIR' } } });
    expect(JSON.stringify(read.body)).not.toContain('secret');
    expect((await call('GET', '/api/notebooks')).body).toEqual({ notebooks: [] });
  });
});
