/**
 * Entry of the kernel Web Worker: the composition root of the browser kernel.
 * The WebSocket to the relay carries the access token in the page's cookie.
 */
import { KernelHost } from './kernel-host.ts';
import type { KernelEvent, KernelRequest } from '../protocol/worker-messages.ts';

declare const self: {
  postMessage(message: KernelEvent): void;
  onmessage: ((event: MessageEvent<KernelRequest>) => void) | null;
};

const host = new KernelHost({
  openSocket: (url) => new WebSocket(url),
  post: (event) => self.postMessage(event),
});

self.onmessage = (event) => host.handle(event.data);
