/**
 * Which session owns a callback. Kernels name their callback objects
 * `p<session>_<n>`, where `<session>` is the random id the relay gave the
 * session in its hello; the router maps that id back to the session. The id
 * is unguessable, so a callback id works as a capability: a process that
 * could reach the callback server still cannot call someone's callback
 * without having been handed its id by the JVM.
 */
import { randomBytes } from 'node:crypto';

/** What a session offers the callback server: run one callback command, get its answer line. */
export interface CallbackTarget {
  callback(command: string): Promise<string>;
}

export class CallbackRouter {
  private readonly sessions = new Map<string, CallbackTarget>();

  /** Registers a session; returns its id. */
  add(target: CallbackTarget): string {
    let id: string;
    do id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
    while (this.sessions.has(id));
    this.sessions.set(id, target);
    return id;
  }

  remove(id: string): void {
    this.sessions.delete(id);
  }

  /** The session owning a callback object id, if it is still connected. */
  route(objectId: string): CallbackTarget | undefined {
    const m = /^p([A-Za-z0-9]+)_/.exec(objectId);
    return m ? this.sessions.get(m[1]!) : undefined;
  }
}
