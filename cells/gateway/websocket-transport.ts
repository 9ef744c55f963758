/**
 * A Transport over a WebSocket to the relay. Works with the browser's
 * WebSocket (kernel worker) and with the `ws` package's (headless runner):
 * only the standard event-target API is used.
 *
 * Frames: `<channel>\n<commands>` out, `<channel>\n<answers>` in; a frame
 * starting with `{` is a JSON control message.
 */
import { GatewayClosedError } from './errors.ts';
import type { Transport } from './transport.ts';

/** The subset of the WebSocket API this transport needs. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type ControlMessage = { type: string; [key: string]: unknown };

const OPEN = 1;

export class WebSocketTransport implements Transport {
  private answerListeners: ((channel: number, answers: string) => void)[] = [];
  private closeListeners: ((reason: Error) => void)[] = [];
  private controlListeners: ((message: ControlMessage) => void)[] = [];
  private queue: string[] = [];
  private closedWith: Error | null = null;
  /** Messages sent and received, for statistics. */
  messagesOut = 0;
  messagesIn = 0;

  constructor(private readonly socket: WebSocketLike) {
    socket.addEventListener('open', () => {
      for (const frame of this.queue) socket.send(frame);
      this.queue = [];
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => {
      const why = event.reason || closeCodeText(event.code);
      this.finish(new GatewayClosedError(`The connection to the relay closed: ${why}`));
    });
    socket.addEventListener('error', () => undefined);
  }

  /** Resolves when the relay has said hello; rejects if the socket closes first. */
  static connect(socket: WebSocketLike): Promise<{ transport: WebSocketTransport; hello: ControlMessage }> {
    const transport = new WebSocketTransport(socket);
    return new Promise((resolve, reject) => {
      transport.onControl((message) => {
        if (message.type !== 'hello') return;
        if (typeof message['session'] === 'string') transport.callbackPrefix = `p${message['session']}_`;
        resolve({ transport, hello: message });
      });
      transport.onClose(reject);
    });
  }

  send(channel: number, commands: string): void {
    if (this.closedWith) throw this.closedWith;
    this.frame(`${channel}\n${commands}`);
  }

  control(message: ControlMessage): void {
    if (!this.closedWith) this.frame(JSON.stringify(message));
  }

  /** Channels reset but not yet confirmed by the relay: answers still in flight on them are stale. */
  private readonly resetting = new Set<number>();

  resetChannel(channel: number): void {
    this.resetting.add(channel);
    this.control({ type: 'reset-channel', channel });
  }

  onAnswers(listener: (channel: number, answers: string) => void): void {
    this.answerListeners.push(listener);
  }

  onClose(listener: (reason: Error) => void): void {
    if (this.closedWith) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }

  onControl(listener: (message: ControlMessage) => void): void {
    this.controlListeners.push(listener);
  }

  /** Set from the relay's hello: callback ids start with it so the relay can route calls to this session. */
  callbackPrefix = '';

  serveCallbacks(handler: (command: string) => Promise<string>): void {
    this.onControl((message) => {
      if (message.type !== 'callback') return;
      const callId = message['callId'];
      void handler(String(message['command'])).then((answer) =>
        this.control({ type: 'callback-answer', callId, answer }),
      );
    });
  }

  close(): void {
    this.socket.close(1000, 'closed by the kernel');
    this.finish(new GatewayClosedError('The kernel closed its connection to the relay.'));
  }

  private frame(text: string): void {
    this.messagesOut++;
    if (this.socket.readyState === OPEN) this.socket.send(text);
    else this.queue.push(text);
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : String(data);
    this.messagesIn++;
    if (text.startsWith('{')) {
      let message: ControlMessage;
      try {
        message = JSON.parse(text) as ControlMessage;
      } catch {
        return;
      }
      if (message.type === 'channel-reset') this.resetting.delete(Number(message['channel']));
      for (const l of this.controlListeners) l(message);
      return;
    }
    const nl = text.indexOf('\n');
    const channel = Number(text.slice(0, nl));
    if (this.resetting.has(channel)) return;
    const answers = text.slice(nl + 1);
    for (const l of this.answerListeners) l(channel, answers);
  }

  private finish(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l(error);
  }
}

function closeCodeText(code: number): string {
  if (code === 1006) return 'the relay went away (connection lost)';
  if (code === 1008) return 'the relay refused a message';
  return `code ${code}`;
}
