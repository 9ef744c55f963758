/**
 * Routes live in the URL's hash (`#/` the list, `#/nb/<name>` a notebook), so the
 * relay serves one page and a link to a notebook works on any relay.
 */
export type Route = { page: 'list' } | { page: 'notebook'; name: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/nb\/(.+)$/.exec(hash);
  if (match) {
    try {
      return { page: 'notebook', name: decodeURIComponent(match[1]!) };
    } catch {
      return { page: 'list' };
    }
  }
  return { page: 'list' };
}

export function notebookHash(name: string): string {
  return `#/nb/${encodeURIComponent(name)}`;
}
