/**
 * The URL of an incoming request, parsed without ever throwing. `new URL(path, base)`
 * reads a path that starts with `//` as a host name, so `//%zz` throws; a handler that
 * let that escape would end the relay (and its embedded JVM) on one request from
 * anyone, token or not. The path is appended to a fixed origin instead, which keeps
 * every request-target in origin form (`/…`) a path, and anything else is refused.
 */

const BASE = 'http://relay.invalid';

/** The request's URL, or null when the request-target is not a path the relay can serve. */
export function requestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  // Absolute form (`http://host/…`) is for proxies and `*` for server-wide OPTIONS; the relay is neither.
  if (!raw.startsWith('/')) return null;
  try {
    const url = new URL(BASE + raw);
    // A backslash or similar trick must not move the request to another origin.
    return url.origin === BASE ? url : null;
  } catch {
    return null;
  }
}
