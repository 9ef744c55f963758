/**
 * The frames between a kernel and the relay, on one WebSocket, all text:
 *
 * - kernel → relay: `<channel>\n<one or more whole Py4J commands>`, or a JSON
 *   control message (a frame starting with `{`).
 * - relay → kernel: `<channel>\n<answer line>\n<answer line>\n…` (complete
 *   answer lines, in command order), or a JSON control message.
 *
 * A channel is a decimal number the kernel picks; each is served by its own
 * Py4J connection on the relay, so channels do not wait for each other.
 * Both ends encode and decode with these functions only.
 */

/** How the relay reaches the JVM: a JVM it started, or a gateway someone else runs. */
export type GatewayMode = 'embedded' | 'attach';

/**
 * Relay → kernel control messages. `channel-reset` confirms a reset-channel:
 * every answer frame for that channel sent before it belongs to the old
 * connection, every one after it to the new one.
 */
export type RelayControlMessage =
  | { type: 'hello'; mode: GatewayMode; session: string }
  | { type: 'channel-reset'; channel: number }
  /** The JVM calls a TypeScript callback: answer with `callback-answer` and the same callId. */
  | { type: 'callback'; callId: number; command: string };

/** Kernel → relay control messages. */
export type KernelControlMessage =
  | { type: 'reset-channel'; channel: number }
  /** The answer line (`!y…\n` or `!x…\n`) to a `callback`. */
  | { type: 'callback-answer'; callId: number; answer: string };

/** A decoded frame; `invalid` says, in a sentence, what was wrong. */
export type Frame<Control> =
  | { kind: 'lines'; channel: number; body: string }
  | { kind: 'control'; message: Control }
  | { kind: 'invalid'; reason: string };

/** The largest channel number: nine decimal digits. */
export const MAX_CHANNEL = 999_999_999;

/** A frame of commands (kernel → relay) or of answers (relay → kernel); `body` ends with its last line's `\n`. */
export function encodeLinesFrame(channel: number, body: string): string {
  return `${channel}\n${body}`;
}

/** A frame of answer lines given without their newlines. */
export function encodeAnswerFrame(channel: number, lines: readonly string[]): string {
  return `${channel}\n${lines.join('\n')}\n`;
}

export function encodeControl(message: RelayControlMessage | KernelControlMessage): string {
  return JSON.stringify(message);
}

/** Decodes a frame the kernel sent, as the relay must: strictly, naming what is wrong. */
export function decodeKernelFrame(text: string): Frame<KernelControlMessage> {
  if (text.startsWith('{')) return decodeControl(text, kernelControl);
  return decodeLines(text, 'commands');
}

/** Decodes a frame the relay sent. */
export function decodeRelayFrame(text: string): Frame<RelayControlMessage> {
  if (text.startsWith('{')) return decodeControl(text, relayControl);
  return decodeLines(text, 'answers');
}

function decodeLines(text: string, what: 'commands' | 'answers'): Frame<never> {
  const newline = text.indexOf('\n');
  const head = newline < 0 ? text : text.slice(0, newline);
  if (newline < 0 || !/^\d{1,9}$/.test(head)) {
    return {
      kind: 'invalid',
      reason: `Expected "<channel>\\n<${what}>" with a decimal channel, got ${JSON.stringify(head.slice(0, 20))}.`,
    };
  }
  return { kind: 'lines', channel: Number(head), body: text.slice(newline + 1) };
}

type Validator<Control> = (message: Record<string, unknown>) => Control | string;

function decodeControl<Control>(text: string, validate: Validator<Control>): Frame<Control> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'A control message is not valid JSON.' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'invalid', reason: 'A control message must be a JSON object.' };
  }
  const checked = validate(message as Record<string, unknown>);
  return typeof checked === 'string' ? { kind: 'invalid', reason: checked } : { kind: 'control', message: checked };
}

function isChannel(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_CHANNEL;
}

function isCallId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

const kernelControl: Validator<KernelControlMessage> = (m) => {
  if (m.type === 'reset-channel') {
    return isChannel(m.channel)
      ? { type: 'reset-channel', channel: m.channel }
      : 'reset-channel needs "channel": an integer >= 0.';
  }
  if (m.type === 'callback-answer') {
    if (!isCallId(m.callId)) return 'callback-answer needs "callId": the positive integer of the callback.';
    if (typeof m.answer !== 'string') return 'callback-answer needs "answer": one Py4J answer line.';
    return { type: 'callback-answer', callId: m.callId, answer: m.answer };
  }
  return `Unknown control message type ${JSON.stringify(m.type ?? null).slice(0, 40)}.`;
};

const relayControl: Validator<RelayControlMessage> = (m) => {
  if (m.type === 'hello') {
    if ((m.mode !== 'embedded' && m.mode !== 'attach') || typeof m.session !== 'string')
      return 'hello needs "mode" (embedded or attach) and "session".';
    return { type: 'hello', mode: m.mode, session: m.session };
  }
  if (m.type === 'channel-reset') {
    return isChannel(m.channel) ? { type: 'channel-reset', channel: m.channel } : 'channel-reset needs "channel".';
  }
  if (m.type === 'callback') {
    if (!isCallId(m.callId) || typeof m.command !== 'string') return 'callback needs "callId" and "command".';
    return { type: 'callback', callId: m.callId, command: m.command };
  }
  return `Unknown control message type ${JSON.stringify(m.type ?? null).slice(0, 40)}.`;
};

/** WebSocket close reasons are limited to 123 bytes of UTF-8 (RFC 6455, 5.5). */
export function closeReason(reason: string): string {
  if (new TextEncoder().encode(reason).length <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (new TextEncoder().encode(cut).length > 120) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** WebSocket close codes the relay uses. */
export const CloseCode = {
  /** The relay is shutting down. */
  goingAway: 1001,
  /** A binary frame: not part of this protocol. */
  unsupported: 1003,
  /** A frame broke the protocol or a limit. */
  policy: 1008,
  /** The JVM, or the gateway, is gone: the session's objects are gone with it. */
  gatewayLost: 4001,
} as const;
