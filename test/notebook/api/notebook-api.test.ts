import { describe, expect, it } from 'vitest';
import { ApiError, RelayUnreachableError } from '../../../notebook/api/errors.ts';
import { NotebookApi } from '../../../notebook/api/notebook-api.ts';
import { notebookHash, parseRoute } from '../../../notebook/routes.ts';

describe('NotebookApi', () => {
  it('sends JSON with its content type to encoded paths', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const api = new NotebookApi(async (url, init) => {
      seen.push({ url, init });
      return new Response(JSON.stringify({ revision: 'r2' }), { status: 200 });
    });
    const revision = await api.save('a b.ipynb', { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, 'r1');
    expect(revision).toBe('r2');
    expect(seen[0]!.url).toBe('/api/notebooks/a%20b.ipynb');
    expect(seen[0]!.init!.method).toBe('PUT');
    expect((seen[0]!.init!.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.init!.body as string)).toMatchObject({ baseRevision: 'r1', force: false });
  });

  it('marks every request, bodiless ones included, with the notebook header', async () => {
    const seen: (RequestInit | undefined)[] = [];
    const api = new NotebookApi(async (_url, init) => {
      seen.push(init);
      return new Response(null, { status: 204 });
    });
    await api.remove('a.ipynb');
    await api.restartJvm();
    expect(seen.map((init) => (init!.headers as Record<string, string>)['X-Jvm-Notebook'])).toEqual(['1', '1']);
  });

  it('turns error answers into ApiErrors with the relay code and details', async () => {
    const api = new NotebookApi(
      async () =>
        new Response(JSON.stringify({ error: { code: 'E_CONFLICT', message: 'changed', currentRevision: 'r9' } }), {
          status: 409,
        }),
    );
    const error = await api
      .save('n.ipynb', { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, 'r1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'E_CONFLICT', details: { currentRevision: 'r9' } });
  });

  it('reports a relay that cannot be reached', async () => {
    const api = new NotebookApi(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.list()).rejects.toBeInstanceOf(RelayUnreachableError);
  });

  it('accepts 204 for a delete', async () => {
    const api = new NotebookApi(async () => new Response(null, { status: 204 }));
    await expect(api.remove('n.ipynb')).resolves.toBeUndefined();
  });
});

describe('routes', () => {
  it('round-trips notebook names through the hash', () => {
    expect(parseRoute(notebookHash('dir name/ä.ipynb'))).toEqual({ page: 'notebook', name: 'dir name/ä.ipynb' });
    expect(parseRoute('')).toEqual({ page: 'list' });
    expect(parseRoute('#/nb/%E0%A4%A')).toEqual({ page: 'list' });
  });
});
