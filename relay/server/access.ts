/**
 * Who may use the relay. Whoever reaches it can run any code in the JVM, so
 * every HTTP request and WebSocket needs the access token, every request must
 * name the relay by one of its own host names (a DNS-rebinding guard), and a
 * WebSocket opened by a browser must come from a page the relay served.
 * Pure functions, apart from drawing a random token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_COOKIE = 'jvmnb_token';

/** Where a request carried the access token. */
export type TokenSource = 'query' | 'header' | 'cookie';

export interface RequestLike {
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface AccessPolicy {
  token: string;
  /** Lower-case `host:port` values the Host header may take (see allowedHosts). */
  hosts: ReadonlySet<string>;
  /** Further origins allowed to open WebSockets, e.g. a Vite dev server's `http://localhost:5173`. */
  origins: readonly string[];
}

export type AccessResult = { ok: true; source: TokenSource } | { ok: false; status: 401 | 403; message: string };

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

/** The place a request carried the right token, or null. Every credential present is tried. */
export function findToken(req: RequestLike, token: string): TokenSource | null {
  const query = new URL(req.url ?? '/', 'http://relay.invalid').searchParams.get('token');
  if (query !== null && tokensEqual(query, token)) return 'query';
  const bearer = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
  if (bearer && tokensEqual(bearer[1]!, token)) return 'header';
  const cookie = parseCookies(req.headers.cookie).get(TOKEN_COOKIE);
  if (cookie !== undefined && tokensEqual(cookie, token)) return 'cookie';
  return null;
}

/** The Set-Cookie value that lets a page loaded with `?token=` make later requests without it. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
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
 * A WebSocket may be opened without an Origin (a non-browser client such as the
 * headless runner), from the relay's own origin under any of its host names,
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

/** Checks one HTTP request or WebSocket upgrade: Host first, then the token, then (WebSocket only) Origin. */
export function checkAccess(req: RequestLike, policy: AccessPolicy, kind: 'http' | 'websocket'): AccessResult {
  const host = req.headers.host;
  if (!isAllowedHost(host, policy.hosts)) {
    return {
      ok: false,
      status: 403,
      message:
        `This relay does not answer to the host name ${JSON.stringify(host ?? '')} (a guard against DNS rebinding). ` +
        `Use one of: ${[...policy.hosts].join(', ')}.`,
    };
  }
  const source = findToken(req, policy.token);
  if (source === null) {
    return {
      ok: false,
      status: 401,
      message:
        'This jvm-notebook relay needs its access token. Open the URL it printed at start-up (it ends in ?token=...), ' +
        'or send the header "Authorization: Bearer <token>".',
    };
  }
  const origin = req.headers.origin;
  if (kind === 'websocket' && !isAllowedOrigin(origin, policy.hosts, policy.origins)) {
    return {
      ok: false,
      status: 403,
      message: `WebSocket connections from ${JSON.stringify(origin)} are not allowed: only pages served by this relay may connect.`,
    };
  }
  return { ok: true, source };
}
