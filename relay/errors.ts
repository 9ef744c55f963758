/**
 * Errors raised by the relay. Each class sets `name` and carries a stable
 * `code`; add new codes to the unions below rather than inventing ad-hoc strings.
 */

/** Problems with the machine the relay runs on: no JDK, no Py4J jar, a JVM that will not start. */
export type SetupErrorCode =
  'E_NO_JAVA' | 'E_JAVA_TOO_OLD' | 'E_NO_PY4J_JAR' | 'E_PY4J_JAR_INVALID' | 'E_JVM_START' | 'E_JVM_START_TIMEOUT';

export class SetupError extends Error {
  override readonly name = 'SetupError';
  readonly code: SetupErrorCode;

  constructor(code: SetupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Faults while the relay serves sessions. */
export type RelayErrorCode =
  /** No TCP connection to the Py4J gateway could be made. */
  | 'E_GATEWAY_UNREACHABLE'
  /** The gateway refused the auth token, or wants one and none was given. */
  | 'E_GATEWAY_AUTH'
  /** An established gateway connection was closed by the other side. */
  | 'E_GATEWAY_CLOSED'
  /** The gateway accepted a connection but did not answer in time. */
  | 'E_GATEWAY_TIMEOUT'
  | 'E_JVM_EXITED';

export class RelayError extends Error {
  override readonly name = 'RelayError';
  readonly code: RelayErrorCode;

  constructor(code: RelayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
