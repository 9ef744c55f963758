import { describe, expect, it } from 'vitest';
import {
  closeReason,
  decodeKernelFrame,
  decodeRelayFrame,
  encodeAnswerFrame,
  encodeControl,
  encodeLinesFrame,
} from '../../protocol/relay-frames.ts';

describe('relay frames', () => {
  it('encodes commands and answers with the channel on the first line', () => {
    expect(encodeLinesFrame(3, 'c\nt\nf\ne\n')).toBe('3\nc\nt\nf\ne\n');
    expect(encodeAnswerFrame(0, ['!yi4', '!yv'])).toBe('0\n!yi4\n!yv\n');
    expect(encodeControl({ type: 'reset-channel', channel: 2 })).toBe('{"type":"reset-channel","channel":2}');
  });

  it('decodes what it encodes, on both ends', () => {
    expect(decodeKernelFrame(encodeLinesFrame(12, 'm\nd\no1\ne\n'))).toEqual({
      kind: 'lines',
      channel: 12,
      body: 'm\nd\no1\ne\n',
    });
    expect(decodeRelayFrame(encodeAnswerFrame(1, ['!yv']))).toEqual({ kind: 'lines', channel: 1, body: '!yv\n' });
    expect(decodeRelayFrame(encodeControl({ type: 'hello', mode: 'attach', session: 'abc' }))).toEqual({
      kind: 'control',
      message: { type: 'hello', mode: 'attach', session: 'abc' },
    });
    expect(decodeKernelFrame(encodeControl({ type: 'callback-answer', callId: 7, answer: '!yv\n' }))).toEqual({
      kind: 'control',
      message: { type: 'callback-answer', callId: 7, answer: '!yv\n' },
    });
  });

  it('names what is wrong with a malformed frame', () => {
    expect(decodeKernelFrame('zero\nc\n')).toEqual({
      kind: 'invalid',
      reason: 'Expected "<channel>\\n<commands>" with a decimal channel, got "zero".',
    });
    expect(decodeKernelFrame('1234567890\nc\n').kind).toBe('invalid');
    expect(decodeKernelFrame('5')).toMatchObject({ kind: 'invalid' });
    expect(decodeKernelFrame('{"type":')).toEqual({ kind: 'invalid', reason: 'A control message is not valid JSON.' });
    expect(decodeKernelFrame('{"type":"reset-channel","channel":1.5}')).toEqual({
      kind: 'invalid',
      reason: 'reset-channel needs "channel": an integer >= 0.',
    });
    expect(decodeKernelFrame('{"type":"callback-answer","callId":"1","answer":"!yv\\n"}').kind).toBe('invalid');
    expect(decodeKernelFrame('{"type":"hello","mode":"embedded","session":"x"}')).toEqual({
      kind: 'invalid',
      reason: 'Unknown control message type "hello".',
    });
    expect(decodeKernelFrame('{}')).toEqual({ kind: 'invalid', reason: 'Unknown control message type null.' });
    expect(decodeKernelFrame('[1]').kind).toBe('invalid');
  });

  it('cuts close reasons to the 123 bytes a WebSocket allows, counting UTF-8 bytes', () => {
    expect(closeReason('short')).toBe('short');
    const cut = closeReason('é'.repeat(100));
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(123);
    expect(cut.endsWith('...')).toBe(true);
  });
});
