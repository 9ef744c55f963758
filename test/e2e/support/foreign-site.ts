/**
 * Another web site on the same host: a tiny HTTP server on 127.0.0.1 at a port of
 * its own, serving the pages a test gives it. Browsers count every port of a host as
 * the same site (cookies, SameSite), so this is the neighbour the relay must resist.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class ForeignSite {
  private readonly pages = new Map<string, string>();
  private readonly server: Server = createServer((req, res) => {
    const html = this.pages.get(req.url ?? '/');
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `html` at `path` and returns the page's URL. */
  page(path: string, html: string): string {
    this.pages.set(path, html);
    return `${this.origin}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }
}
