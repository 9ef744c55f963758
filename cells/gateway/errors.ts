/**
 * Errors of the gateway layer. Each has a stable `code`; none does I/O when
 * printed — everything shown was fetched when the error was built.
 */

/** A Java exception, or the gateway refusing a call (no such method, bad arguments). */
export class JavaError extends Error {
  override name = 'JavaError';
  readonly code = 'E_JAVA';
  /** The Java class of the exception, e.g. `java.lang.ArithmeticException`. */
  readonly javaClass: string;
  /** The Java stack trace as printed by `printStackTrace()`. */
  readonly javaStackTrace: string;
  /** A proxy of the Throwable on the JVM, when the JVM threw one (owned by the running cell). */
  readonly javaException: unknown;

  constructor(
    details: { javaClass: string; message: string; javaStackTrace: string; javaException?: unknown },
    options?: { cause?: unknown },
  ) {
    super(details.message, options);
    this.javaClass = details.javaClass;
    this.javaStackTrace = details.javaStackTrace;
    this.javaException = details.javaException ?? null;
  }
}

/** The connection to the JVM is gone; every call in flight fails with this. */
export class GatewayClosedError extends Error {
  override name = 'GatewayClosedError';
  readonly code = 'E_GATEWAY_CLOSED';
}

/** A Java reference used after the scope that owned it was released. */
export class ReleasedObjectError extends Error {
  override name = 'ReleasedObjectError';
  readonly code = 'E_RELEASED';
  constructor(
    readonly objectId: string,
    readonly owner: string,
  ) {
    super(
      `This Java object (${objectId}) was released when ${owner} was re-run or released. ` +
        `Re-run ${owner} to get a fresh one, or wrap it in keep(...) there to keep it for the whole session.`,
    );
  }
}

/** A value that cannot be sent to Java, or a misuse of the cell API. */
export class JavaUsageError extends TypeError {
  override name = 'JavaUsageError';
  readonly code = 'E_USAGE';
}

/** The server answered something the client cannot make sense of. */
export class GatewayProtocolError extends Error {
  override name = 'GatewayProtocolError';
  readonly code = 'E_PROTOCOL';
}
