/**
 * A Transport straight to a Py4J gateway over TCP, one socket per channel,
 * for tests of the kernel without a relay in between.
 */
import net from 'node:net';
import { authCommand } from '../../protocol/py4j/index.ts';
import { GatewayClosedError, type Transport } from '../../cells/gateway/index.ts';

export class DirectTransport implements Transport {
  private sockets = new Map<number, net.Socket>();
  private answerListeners: ((channel: number, text: string) => void)[] = [];
  private closeListeners: ((e: Error) => void)[] = [];
  private closed = false;

  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  send(channel: number, commands: string): void {
    this.socket(channel).write(commands);
  }

  onAnswers(listener: (channel: number, text: string) => void): void {
    this.answerListeners.push(listener);
  }

  onClose(listener: (e: Error) => void): void {
    this.closeListeners.push(listener);
  }

  resetChannel(channel: number): void {
    this.sockets.get(channel)?.destroy();
    this.sockets.delete(channel);
  }

  close(): void {
    this.closed = true;
    for (const s of this.sockets.values()) s.destroy();
    for (const l of this.closeListeners) l(new GatewayClosedError('closed'));
  }

  private socket(channel: number): net.Socket {
    let s = this.sockets.get(channel);
    if (s) return s;
    const socket = net.connect(this.port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    let authed = false;
    let buffered = '';
    socket.on('data', (chunk: string) => {
      if (this.sockets.get(channel) !== socket) return;
      if (!authed) {
        buffered += chunk;
        const nl = buffered.indexOf('\n');
        if (nl < 0) return;
        authed = true;
        chunk = buffered.slice(nl + 1);
        if (chunk.length === 0) return;
      }
      for (const l of this.answerListeners) l(channel, chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.sockets.get(channel) === socket && !this.closed) this.close();
    });
    socket.write(authCommand(this.token));
    this.sockets.set(channel, socket);
    s = socket;
    return s;
  }
}
