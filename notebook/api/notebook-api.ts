/**
 * The relay's HTTP API as the page uses it: notebook files and the JVM's status.
 * Every request carries the access-token cookie the relay set on the start URL, and
 * the `X-Jvm-Notebook` header: the relay refuses a state-changing request without it
 * (or a JSON body), because a page on another port of the host sends the cookie too.
 */
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import { ApiError, RelayUnreachableError } from './errors.ts';

export interface NotebookEntry {
  name: string;
  size: number;
  modified: string;
}

export interface LoadedNotebook {
  name: string;
  revision: string;
  notebook: NotebookDoc;
}

export interface RelayStatus {
  mode: 'embedded' | 'attach';
  jvm: 'starting' | 'running' | 'exited';
}

/** The header that shows the relay a request came from its own page (a foreign page cannot send it). */
const MARK: Readonly<Record<string, string>> = { 'X-Jvm-Notebook': '1' };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class NotebookApi {
  constructor(private readonly fetchFn: Fetch) {}

  async list(): Promise<NotebookEntry[]> {
    const body = (await this.request('GET', '/api/notebooks')) as { notebooks: NotebookEntry[] };
    return body.notebooks;
  }

  async create(name?: string): Promise<string> {
    const body = (await this.request('POST', '/api/notebooks', name === undefined ? {} : { name })) as { name: string };
    return body.name;
  }

  async load(name: string): Promise<LoadedNotebook> {
    return (await this.request('GET', notebookPath(name))) as LoadedNotebook;
  }

  /**
   * Saves over `baseRevision`; rejects with an ApiError coded `E_CONFLICT` when the file changed since.
   * A `baseRevision` of null creates the file, and is a conflict when the name is taken (unless `force`).
   */
  async save(name: string, notebook: NotebookDoc, baseRevision: string | null, force = false): Promise<string> {
    const body = (await this.request('PUT', notebookPath(name), { notebook, baseRevision, force })) as {
      revision: string;
    };
    return body.revision;
  }

  async rename(name: string, to: string): Promise<string> {
    const body = (await this.request('POST', `${notebookPath(name)}/rename`, { to })) as { name?: string } | null;
    return body?.name ?? to;
  }

  async duplicate(name: string): Promise<string> {
    const body = (await this.request('POST', `${notebookPath(name)}/duplicate`, {})) as { name: string };
    return body.name;
  }

  async remove(name: string): Promise<void> {
    await this.request('DELETE', notebookPath(name));
  }

  async status(): Promise<RelayStatus> {
    return (await this.request('GET', '/api/status')) as RelayStatus;
  }

  async restartJvm(): Promise<void> {
    await this.request('POST', '/api/jvm/restart', {});
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchFn(path, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: body === undefined ? { ...MARK } : { ...MARK, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new RelayUnreachableError('The relay cannot be reached; is `jvm-notebook start` still running?', {
        cause: error,
      });
    }
    if (response.status === 204) return null;
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
      const { code, message, ...details } = error ?? {};
      throw new ApiError(
        response.status,
        code ?? `E_HTTP_${response.status}`,
        message ?? (text.trim() || `${method} ${path} failed with HTTP ${response.status}`),
        details,
      );
    }
    return json;
  }
}

function notebookPath(name: string): string {
  return `/api/notebooks/${encodeURIComponent(name)}`;
}
