/**
 * Entry of the kernel Web Worker: the composition root of the browser kernel.
 * Owns the WebSocket to the relay and the Kernel; talks to the page only
 * through KernelRequest / KernelEvent messages.
 */
import { WebSocketTransport } from './gateway/websocket-transport.ts';
import { Kernel } from './kernel.ts';
import type { KernelEvent, KernelRequest } from '../protocol/worker-messages.ts';

declare const self: {
  postMessage(message: KernelEvent): void;
  onmessage: ((event: MessageEvent<KernelRequest>) => void) | null;
};

let kernel: Kernel | null = null;
let transport: WebSocketTransport | null = null;

function post(event: KernelEvent): void {
  self.postMessage(event);
}

function postLiveObjects(): void {
  if (kernel) post({ type: 'live-objects', ...kernel.liveObjects() });
}

async function connect(url: string): Promise<void> {
  transport?.close();
  kernel = null;
  try {
    const connected = await WebSocketTransport.connect(new WebSocket(url));
    transport = connected.transport;
    kernel = new Kernel({
      transport,
      onOutsideOutput: (cellId, output) => post({ type: 'output', runId: null, cellId, output }),
    });
    const mode = connected.hello['mode'] === 'attach' ? 'attach' : 'embedded';
    transport.onClose((reason) => post({ type: 'disconnected', reason: reason.message }));
    post({ type: 'connected', mode });
  } catch (error) {
    post({ type: 'disconnected', reason: (error as Error).message });
  }
}

self.onmessage = (event) => {
  const request = event.data;
  switch (request.type) {
    case 'connect':
      void connect(request.url);
      return;
    case 'run': {
      if (!kernel) {
        post({
          type: 'output',
          runId: request.runId,
          cellId: request.cellId,
          output: {
            output_type: 'error',
            ename: 'NotConnected',
            evalue: 'The kernel is not connected to the relay.',
            traceback: ['NotConnected: the kernel is not connected to the relay; reconnect and run the cell again.'],
          },
        });
        post({
          type: 'run-finished',
          runId: request.runId,
          cellId: request.cellId,
          status: 'error',
          executionCount: 0,
          durationMs: 0,
        });
        return;
      }
      const { runId, cellId } = request;
      void kernel
        .run(
          {
            cellId,
            source: request.source,
            label: request.label,
            onStart: (executionCount) => post({ type: 'run-started', runId, cellId, executionCount }),
          },
          (output) => post({ type: 'output', runId, cellId, output }),
        )
        .then((result) => {
          post({
            type: 'run-finished',
            runId,
            cellId,
            status: result.status,
            executionCount: result.executionCount,
            durationMs: result.durationMs,
          });
          postLiveObjects();
        });
      return;
    }
    case 'interrupt':
      kernel?.interrupt();
      return;
    case 'release-cell':
      kernel?.releaseCell(request.cellId);
      postLiveObjects();
      return;
    case 'restart': {
      const released = kernel?.restart() ?? 0;
      post({ type: 'restarted', released });
      postLiveObjects();
      return;
    }
    case 'live-objects':
      postLiveObjects();
      return;
    case 'object-classes': {
      const { cellId } = request;
      void kernel
        ?.objectClasses(cellId)
        .then((classes) => post({ type: 'object-classes', cellId, classes }))
        .catch(() => post({ type: 'object-classes', cellId, classes: {} }));
      return;
    }
  }
};
