/**
 * The byte pipe a GatewayClient speaks Py4J over. A transport carries whole
 * commands out and answer text in; it never parses Py4J itself.
 *
 * `channel` selects one of several independent Py4J connections behind the
 * transport (the relay opens one TCP connection per channel). Commands on one
 * channel are answered in order; channels do not wait for each other, which is
 * what lets a nested call from a callback proceed while an outer call blocks.
 */
export interface Transport {
  /** Sends one or more complete Py4J commands on a channel. */
  send(channel: number, commands: string): void;
  /** Receives answer text for a channel: one or more complete `!...\n` lines. */
  onAnswers(listener: (channel: number, answers: string) => void): void;
  /** Receives the reason the transport closed; called at most once. */
  onClose(listener: (reason: Error) => void): void;
  /**
   * Abandons a channel: its Py4J connection is dropped and replaced, so calls
   * still pending on it will never be answered. Used to interrupt a cell.
   */
  resetChannel(channel: number): void;
  close(): void;
  /**
   * Receives the commands the JVM sends to TypeScript callbacks (through the
   * relay's callback server) and sends back the answer line the handler makes.
   * Absent on transports that cannot carry callbacks.
   */
  serveCallbacks?(handler: (command: string) => Promise<string>): void;
  /** A prefix for callback ids that is unique among the relay's sessions. */
  readonly callbackPrefix?: string;
}
