/**
 * Serves the kernel's messages (protocol/worker-messages.ts) for one host: the
 * browser's Web Worker or a Node worker thread of `jvm-notebook run`. Owns
 * the WebSocket transport and the Kernel; the host only supplies how to open
 * a WebSocket and how to post an event.
 */
import { WebSocketTransport, type WebSocketLike } from './gateway/websocket-transport.ts';
import { Kernel } from './kernel.ts';
import type { KernelEvent, KernelRequest } from '../protocol/worker-messages.ts';

export interface KernelHostOptions {
  /** Opens the WebSocket to the relay (the browser's carries the token in a cookie, Node's in a header). */
  openSocket(url: string): WebSocketLike;
  post(event: KernelEvent): void;
}

export class KernelHost {
  private kernel: Kernel | null = null;
  private transport: WebSocketTransport | null = null;

  constructor(private readonly options: KernelHostOptions) {}

  handle(request: KernelRequest): void {
    switch (request.type) {
      case 'connect':
        void this.connect(request.url);
        return;
      case 'run':
        this.run(request);
        return;
      case 'interrupt':
        this.kernel?.interrupt();
        return;
      case 'release-cell':
        this.kernel?.releaseCell(request.cellId);
        this.postLiveObjects();
        return;
      case 'restart': {
        const released = this.kernel?.restart() ?? 0;
        this.post({ type: 'restarted', released });
        this.postLiveObjects();
        return;
      }
      case 'live-objects':
        this.postLiveObjects();
        return;
      case 'object-classes': {
        const { cellId } = request;
        void this.kernel
          ?.objectClasses(cellId)
          .then((classes) => this.post({ type: 'object-classes', cellId, classes }))
          .catch(() => this.post({ type: 'object-classes', cellId, classes: {} }));
        return;
      }
    }
  }

  private post(event: KernelEvent): void {
    this.options.post(event);
  }

  private postLiveObjects(): void {
    if (this.kernel) this.post({ type: 'live-objects', ...this.kernel.liveObjects() });
  }

  private async connect(url: string): Promise<void> {
    this.transport?.close();
    this.kernel = null;
    try {
      const connected = await WebSocketTransport.connect(this.options.openSocket(url));
      const transport = connected.transport;
      this.transport = transport;
      this.kernel = new Kernel({
        transport,
        onOutsideOutput: (cellId, output) => this.post({ type: 'output', runId: null, cellId, output }),
      });
      const mode = connected.hello['mode'] === 'attach' ? 'attach' : 'embedded';
      transport.onClose((reason) => this.post({ type: 'disconnected', reason: reason.message }));
      this.post({ type: 'connected', mode });
    } catch (error) {
      this.post({ type: 'disconnected', reason: (error as Error).message });
    }
  }

  private run(request: Extract<KernelRequest, { type: 'run' }>): void {
    const { runId, cellId } = request;
    if (!this.kernel) {
      this.post({
        type: 'output',
        runId,
        cellId,
        output: {
          output_type: 'error',
          ename: 'NotConnected',
          evalue: 'The kernel is not connected to the relay.',
          traceback: ['NotConnected: the kernel is not connected to the relay; reconnect and run the cell again.'],
        },
      });
      this.post({ type: 'run-finished', runId, cellId, status: 'error', executionCount: 0, durationMs: 0 });
      return;
    }
    void this.kernel
      .run(
        {
          cellId,
          source: request.source,
          label: request.label,
          onStart: (executionCount) => this.post({ type: 'run-started', runId, cellId, executionCount }),
        },
        (output) => this.post({ type: 'output', runId, cellId, output }),
      )
      .then((result) => {
        this.post({
          type: 'run-finished',
          runId,
          cellId,
          status: result.status,
          executionCount: result.executionCount,
          durationMs: result.durationMs,
        });
        this.postLiveObjects();
      });
  }
}
