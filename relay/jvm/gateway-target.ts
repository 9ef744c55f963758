/**
 * Where sessions find the Py4J gateway. The embedded JVM can be restarted
 * (new port, new token), so sessions ask a provider for the current target
 * instead of holding an address of their own.
 */
import type { GatewayMode } from '../../protocol/relay-frames.ts';

export interface GatewayTarget {
  host: string;
  port: number;
  /** The Py4J auth token, or null for a gateway without authentication. Never log it or send it to a browser. */
  token: string | null;
}

export type { GatewayMode };

/**
 * Work done on each new session connection after authentication and before
 * any client command is sent, e.g. turning on TCP_NODELAY on the server's side
 * of it. `request` sends one whole command and resolves with its answer line.
 * A failure is ignored: the connection is used as it is.
 */
export type ConnectionPrelude = (request: (command: string) => Promise<string>) => Promise<unknown>;

export interface GatewayProvider {
  readonly mode: GatewayMode;
  /** The gateway to connect to now, or null while there is none (the JVM is starting or has exited). */
  current(): GatewayTarget | null;
  /**
   * Calls `listener` whenever the current target changes: the JVM exited (null),
   * or it was (re)started (the new target). Returns a function that unsubscribes.
   */
  onChange(listener: (target: GatewayTarget | null) => void): () => void;
  /** Run on every connection a session opens; see ConnectionPrelude. */
  readonly prelude?: ConnectionPrelude;
}

/** `host:port`, with IPv6 hosts in brackets, for messages. */
export function describeTarget(target: Pick<GatewayTarget, 'host' | 'port'>): string {
  return target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
