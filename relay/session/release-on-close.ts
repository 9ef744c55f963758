/**
 * Deletes a closed session's live ids on the JVM, over a fresh connection:
 * the session's own connections may be blocked by Java calls. Closing a Py4J
 * connection releases nothing on the server, so without this a crashed tab
 * would leak every object it held.
 */
import { deleteCommand } from '../../protocol/py4j/index.ts';
import type { RelayError } from '../errors.ts';
import { GatewayConnection } from '../jvm/gateway-connection.ts';
import type { GatewayTarget } from '../jvm/gateway-target.ts';

export interface ReleaseHandle {
  /** Drops the connection: whatever is not deleted yet is given up on. */
  destroy(): void;
}

export interface ReleaseOutcome {
  released: number;
  leaked: number;
  error: RelayError | null;
}

export function releaseIds(
  target: GatewayTarget,
  ids: readonly string[],
  done: (outcome: ReleaseOutcome) => void,
): ReleaseHandle {
  const conn = GatewayConnection.open(target);
  let owed = ids.length;
  let released = 0;
  conn.onLines((lines) => {
    const answered = Math.min(lines.length, owed);
    owed -= answered;
    released += answered;
    if (owed === 0) conn.close();
  });
  conn.onClose((error) => done({ released, leaked: owed, error }));
  conn.write(ids.map(deleteCommand).join(''));
  return { destroy: () => conn.destroy() };
}
