/**
 * Who may use the relay. Whoever reaches it can run any code in the JVM, so
 * every HTTP request and WebSocket needs the access token, every request must
 * name the relay by one of its own host names (a DNS-rebinding guard), a
 * WebSocket opened by a browser must come from a page the relay served, and a
 * request that changes state must be one a foreign page cannot forge.
 * Pure functions, apart from drawing a random token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { requestUrl } from './request-url.ts';

/**
 * The header the notebook UI sends on every request. A page of another origin can
 * send it only after a CORS preflight, which the relay never approves, so its
 * presence shows the request came from a page the relay served (or a non-browser client).
 */
export const NOTEBOOK_HEADER = 'x-jvm-notebook';

/** Where a request carried the access token. */
export type TokenSource = 'query' | 'header' | 'cookie';

export interface RequestLike {
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface AccessPolicy {
  token: string;
  /** The name of the cookie that carries the token (see tokenCookieName). */
  cookie: string;
  /** Lower-case `host:port` values the Host header may take (see allowedHosts). */
  hosts: ReadonlySet<string>;
  /** Further origins allowed to open WebSockets and change state, e.g. a Vite dev server's `http://localhost:5173`. */
  origins: readonly string[];
}

export type AccessErrorCode =
  /** The Host header is not one of the relay's names. */
  | 'E_HOST_NOT_ALLOWED'
  /** No credential carried the access token. */
  | 'E_NO_TOKEN'
  /** The Origin header names a page the relay did not serve. */
  | 'E_ORIGIN_NOT_ALLOWED'
  /** A state-changing request that any page could have sent (no JSON body, no notebook header). */
  | 'E_FORGEABLE_REQUEST';

export type AccessResult =
  { ok: true; source: TokenSource } | { ok: false; status: 401 | 403; code: AccessErrorCode; message: string };

const TOKEN_SHAPE = /^[A-Za-z0-9._~+/=-]+$/;

/** The given token, checked to be safe in a URL, header and cookie; or a new random one. */
export function createAccessToken(given?: string): string {
  if (given === undefined) return randomBytes(24).toString('base64url');
  if (!TOKEN_SHAPE.test(given)) {
    throw new TypeError('An access token must be non-empty and use only letters, digits and . _ ~ + / = -');
  }
  return given;
}

/** Compares in constant time; hashing first hides the length too. */
export function tokensEqual(a: string, b: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The place a request carried the right token, or null. Every credential present is
 * tried, and every cookie of the name: any page on the host can set a cookie of that
 * name (with a longer Path, so that browsers send it first) to shadow the real one.
 */
export function findToken(req: RequestLike, token: string, cookieName: string): TokenSource | null {
  const query = requestUrl(req.url)?.searchParams.get('token') ?? null;
  if (query !== null && tokensEqual(query, token)) return 'query';
  const bearer = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (bearer && tokensEqual(bearer[1]!, token)) return 'header';
  const cookies = parseCookies(req.headers.cookie).get(cookieName) ?? [];
  if (cookies.some((cookie) => tokensEqual(cookie, token))) return 'cookie';
  return null;
}

/**
 * The token cookie's name for the relay on `port`. Browsers send a host's cookies to
 * every port of it, so one name for every relay would let a second relay overwrite the
 * first one's cookie.
 */
export function tokenCookieName(port: number): string {
  return `jvmnb_token_${port}`;
}

/** The Set-Cookie value that lets a page loaded with `?token=` make later requests without it. */
export function tokenCookie(name: string, token: string): string {
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Every value of every cookie in a Cookie header, in the order sent. */
export function parseCookies(header: string | undefined): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const values = cookies.get(name) ?? [];
    values.push(part.slice(eq + 1).trim());
    cookies.set(name, values);
  }
  return cookies;
}

/**
 * The Host header values the relay answers to: the loopback names on its
 * port, the address it is bound to, and any extra names (for a relay bound to
 * a public interface, the names clients use to reach it).
 */
export function allowedHosts(bind: { host: string; port: number }, extra: readonly string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', bind.host.includes(':') ? `[${bind.host}]` : bind.host];
  const hosts = new Set(names.map((name) => `${name}:${bind.port}`.toLowerCase()));
  // Browsers leave the default port out of the Host header.
  if (bind.port === 80) for (const name of names) hosts.add(name.toLowerCase());
  for (const host of extra) hosts.add(host.toLowerCase());
  return hosts;
}

export function isAllowedHost(host: string | undefined, hosts: ReadonlySet<string>): boolean {
  return host !== undefined && hosts.has(host.toLowerCase());
}

/**
 * A WebSocket may be opened, or state changed, without an Origin (a non-browser
 * client such as the headless runner), from the relay's own origin under any of its host names,
 * or from an explicitly allowed origin. `Origin: null` (sandboxed frames,
 * files) is refused.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  hosts: ReadonlySet<string>,
  origins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const normalised = origin.toLowerCase().replace(/\/+$/, '');
  if (normalised.startsWith('http://') && hosts.has(normalised.slice('http://'.length))) return true;
  return origins.some((allowed) => allowed.toLowerCase().replace(/\/+$/, '') === normalised);
}

/**
 * Whether a request that changes state (any method but GET and HEAD) can only have come
 * from a page the relay served. The token cookie does not show it: SameSite counts every
 * port of the host as the same site, so a page on another local port sends the cookie
 * too. Such a page can send, without a CORS preflight, only a "simple" request: no
 * custom header and a form-like content type; and a browser always names its Origin.
 */
export function isUnforgeable(req: RequestLike & { method?: string | undefined }): boolean {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return true;
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return contentType === 'application/json' || req.headers[NOTEBOOK_HEADER] !== undefined;
}

/**
 * Checks one HTTP request or WebSocket upgrade: Host first, then the token, then
 * Origin (for a WebSocket or a state-changing request), then that a state-changing
 * request could not have been forged by another page.
 */
export function checkAccess(
  req: RequestLike & { method?: string | undefined },
  policy: AccessPolicy,
  kind: 'http' | 'websocket',
): AccessResult {
  const host = req.headers.host;
  if (!isAllowedHost(host, policy.hosts)) {
    return {
      ok: false,
      status: 403,
      code: 'E_HOST_NOT_ALLOWED',
      message:
        `This relay does not answer to the host name ${JSON.stringify(host ?? '')} (a guard against DNS rebinding). ` +
        `Use one of: ${[...policy.hosts].join(', ')}.`,
    };
  }
  const source = findToken(req, policy.token, policy.cookie);
  if (source === null) {
    return {
      ok: false,
      status: 401,
      code: 'E_NO_TOKEN',
      message:
        'This jvm-notebook relay needs its access token. Open the URL it printed at start-up (it ends in ?token=...), ' +
        'or send the header "Authorization: Bearer <token>".',
    };
  }
  const origin = req.headers.origin;
  const method = (req.method ?? 'GET').toUpperCase();
  const changesState = kind === 'http' && method !== 'GET' && method !== 'HEAD';
  if ((kind === 'websocket' || changesState) && !isAllowedOrigin(origin, policy.hosts, policy.origins)) {
    return {
      ok: false,
      status: 403,
      code: 'E_ORIGIN_NOT_ALLOWED',
      message:
        kind === 'websocket'
          ? `WebSocket connections from ${JSON.stringify(origin)} are not allowed: only pages served by this relay may connect.`
          : `${method} requests from ${JSON.stringify(origin)} are not allowed: only pages served by this relay may change anything.`,
    };
  }
  if (!isUnforgeable(req)) {
    return {
      ok: false,
      status: 403,
      code: 'E_FORGEABLE_REQUEST',
      message: `A ${method} request needs Content-Type: application/json or the header "X-Jvm-Notebook: 1", so that other web pages cannot send it.`,
    };
  }
  return { ok: true, source };
}
