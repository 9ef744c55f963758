/**
 * The HTTP API over the notebook folder, under `/api/notebooks`. The caller
 * authenticates the request before handing it here.
 *
 *   GET    /api/notebooks                    -> 200 { notebooks: [{ name, size, modified }] }
 *   POST   /api/notebooks                    { name? }                           -> 201 { name }
 *   GET    /api/notebooks/<name>             -> 200 { name, revision, notebook }
 *   PUT    /api/notebooks/<name>             { notebook, baseRevision, force? }  -> 200 { revision }
 *   DELETE /api/notebooks/<name>             -> 204
 *   POST   /api/notebooks/<name>/rename      { to }                              -> 200 { name }
 *   POST   /api/notebooks/<name>/duplicate   {} or no body                       -> 201 { name }
 *
 * Every error is `{ error: { code, message } }` (a conflict adds `currentRevision`).
 * POST and PUT take only `Content-Type: application/json`: besides being the format,
 * this keeps cross-site forms out, as a browser sends that type cross-site only after
 * a CORS preflight, which this API never approves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotebookFormatError, parseNotebook, serializeNotebook } from '../../protocol/notebook-file.ts';
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import { ConflictError, StoreError } from './notebook-store-errors.ts';
import type { StoreErrorCode } from './notebook-store-errors.ts';
import { MAX_NOTEBOOK_BYTES, checkNotebookName } from './notebook-store.ts';
import type { NotebookStore } from './notebook-store.ts';

export type NotebookApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface NotebookApiOptions {
  /** Request bodies larger than this are refused with 413; defaults to 32 MiB. */
  maxBodyBytes?: number;
}

/** Codes of errors that come from the request rather than from the store. */
export type NotebookApiErrorCode =
  'E_BAD_BODY' | 'E_NO_ROUTE' | 'E_METHOD_NOT_ALLOWED' | 'E_UNSUPPORTED_MEDIA_TYPE' | 'E_INTERNAL';

const PREFIX = '/api/notebooks';

const STORE_STATUS: Record<StoreErrorCode, number> = {
  E_BAD_NAME: 400,
  E_OUTSIDE_DIR: 403,
  E_NOT_FOUND: 404,
  E_EXISTS: 409,
  E_CONFLICT: 409,
  E_TOO_LARGE: 413,
};

class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: NotebookApiErrorCode | StoreErrorCode | 'E_NOTEBOOK_FORMAT',
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Route =
  | { kind: 'collection' }
  | { kind: 'notebook'; name: string }
  | { kind: 'action'; name: string; action: 'rename' | 'duplicate' };

type JsonObject = Record<string, unknown>;

export function createNotebookApi(store: NotebookStore, options: NotebookApiOptions = {}): NotebookApiHandler {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_NOTEBOOK_BYTES;

  const readJson = async (req: IncomingMessage, required: boolean): Promise<JsonObject> => {
    if (!isJsonContentType(req.headers['content-type'])) {
      throw new ApiError(
        415,
        'E_UNSUPPORTED_MEDIA_TYPE',
        'The request body must be sent with Content-Type: application/json.',
      );
    }
    const bytes = await readBody(req, maxBodyBytes);
    if (bytes.length === 0) {
      if (required) throw new ApiError(400, 'E_BAD_BODY', 'The request body is empty; expected a JSON object.');
      return {};
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      throw new ApiError(400, 'E_BAD_BODY', `The request body is not valid JSON: ${(error as Error).message}`);
    }
    if (!isRecord(value)) throw new ApiError(400, 'E_BAD_BODY', 'The request body must be a JSON object.');
    return value;
  };

  const handle = async (route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (route.kind === 'collection') {
      if (method === 'GET') return sendJson(res, 200, { notebooks: await store.list() });
      if (method === 'POST') {
        const body = await readJson(req, false);
        const name = optionalString(body, 'name');
        return sendJson(res, 201, await store.create(name));
      }
      throw methodNotAllowed('GET, POST');
    }

    checkNotebookName(route.name);
    if (route.kind === 'action') {
      if (method !== 'POST') throw methodNotAllowed('POST');
      if (route.action === 'duplicate') {
        await readJson(req, false);
        return sendJson(res, 201, await store.duplicate(route.name));
      }
      const to = requiredString(await readJson(req, true), 'to');
      return sendJson(res, 200, await store.rename(route.name, to));
    }

    if (method === 'GET') {
      const { name, revision, notebook } = await store.read(route.name);
      return sendJson(res, 200, { name, revision, notebook });
    }
    if (method === 'PUT') {
      const body = await readJson(req, true);
      if (!('baseRevision' in body) || (body.baseRevision !== null && typeof body.baseRevision !== 'string')) {
        throw new ApiError(
          400,
          'E_BAD_BODY',
          '"baseRevision" must be the revision the notebook was read at, or null for a new notebook.',
        );
      }
      if (body.force !== undefined && typeof body.force !== 'boolean') {
        throw new ApiError(400, 'E_BAD_BODY', '"force" must be a boolean when given.');
      }
      const notebook = notebookFromBody(route.name, body.notebook);
      return sendJson(
        res,
        200,
        await store.write(route.name, notebook, body.baseRevision, { force: body.force === true }),
      );
    }
    if (method === 'DELETE') {
      await store.remove(route.name);
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    throw methodNotAllowed('GET, PUT, DELETE');
  };

  return async (req, res, url) => {
    const segments = routeSegments(url.pathname);
    if (segments === undefined) return false;
    try {
      await handle(parseRoute(segments), req, res);
    } catch (error) {
      sendError(res, error);
    }
    return true;
  };
}

/** The raw path segments after the prefix, or undefined when the path is not under it. */
function routeSegments(pathname: string): string[] | undefined {
  if (pathname === PREFIX) return [];
  if (!pathname.startsWith(`${PREFIX}/`)) return undefined;
  return pathname.slice(PREFIX.length + 1).split('/');
}

function parseRoute(segments: string[]): Route {
  if (segments.length === 0) return { kind: 'collection' };
  const name = decodeName(segments[0]!);
  if (segments.length === 1) return { kind: 'notebook', name };
  const action = segments[1];
  if (segments.length === 2 && (action === 'rename' || action === 'duplicate')) return { kind: 'action', name, action };
  throw new ApiError(404, 'E_NO_ROUTE', `No such notebook route: ${PREFIX}/${segments.join('/')}`);
}

function decodeName(segment: string): string {
  try {
    // Decoded exactly once, so `%2e%2e%2f` arrives as `../` and is refused by the name check.
    return decodeURIComponent(segment);
  } catch {
    throw new StoreError('E_BAD_NAME', `The notebook name in the URL is not valid percent-encoded UTF-8: ${segment}`);
  }
}

/**
 * Checks a notebook sent by a client. It comes in the form GET returns (multi-line
 * fields as strings, JSON mime data as JSON text), so it goes through the on-disk form
 * and back: parsing the body as if it were a file would read JSON mime text as a JSON
 * string value and encode it twice.
 */
function notebookFromBody(name: string, value: unknown): NotebookDoc {
  if (!isRecord(value)) throw new ApiError(400, 'E_BAD_BODY', '"notebook" must be a notebook object.');
  // First for the message: this names what is wrong, where serializing would fail with a TypeError.
  asBodyError(() => parseNotebook(JSON.stringify(value), name));
  let text: string;
  try {
    text = serializeNotebook(value as unknown as NotebookDoc);
  } catch (error) {
    throw new ApiError(
      400,
      'E_NOTEBOOK_FORMAT',
      `${name}: the notebook is not in the form GET returns (notebook "metadata", each cell's "metadata" and "outputs", and multi-line fields as strings): ${(error as Error).message}`,
    );
  }
  return asBodyError(() => parseNotebook(text, name));
}

function asBodyError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof NotebookFormatError) throw new ApiError(400, 'E_NOTEBOOK_FORMAT', error.message);
    throw error;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new ApiError(413, 'E_TOO_LARGE', `The request body is over the ${limit}-byte limit.`, { connection: 'close' });
  // Refused before reading: Node discards a body nobody started to read once the response is sent.
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      // Keep draining, not destroying: destroying the request would take the socket and the 413 with it.
      req.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => onError(new Error('The client closed the connection before the request body was complete.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof ApiError) {
    return sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
  }
  if (error instanceof ConflictError) {
    const body = { code: error.code, message: error.message, currentRevision: error.currentRevision };
    return sendJson(res, 409, { error: body });
  }
  if (error instanceof StoreError) {
    return sendJson(res, STORE_STATUS[error.code], { error: { code: error.code, message: error.message } });
  }
  // Only a file read from disk reaches here malformed; a malformed body became an ApiError.
  if (error instanceof NotebookFormatError) {
    return sendJson(res, 422, { error: { code: error.code, message: error.message } });
  }
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, { error: { code: 'E_INTERNAL', message: `The notebook folder could not be used: ${message}` } });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

function methodNotAllowed(allow: string): ApiError {
  return new ApiError(405, 'E_METHOD_NOT_ALLOWED', `Use ${allow.replace(/, (?=[^,]*$)/, ' or ')} here.`, { allow });
}

function isJsonContentType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'E_BAD_BODY', `"${key}" must be a string when given.`);
  return value;
}

function requiredString(body: JsonObject, key: string): string {
  const value = body[key];
  if (typeof value !== 'string') throw new ApiError(400, 'E_BAD_BODY', `"${key}" must be a string.`);
  return value;
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
