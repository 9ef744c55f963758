import { describe, expect, it } from 'vitest';
import { errorAnswer, isAnswerLine, voidAnswer } from '../../../protocol/py4j/index.ts';

describe('answer builders', () => {
  it('builds an error answer with the message escaped onto one line', () => {
    expect(errorAnswer('no such method')).toBe('!xsno such method\n');
    expect(errorAnswer('a\\b\nc\rd')).toBe('!xsa\\\\b\\nc\\rd\n');
  });

  it('builds the void answer', () => {
    expect(voidAnswer()).toBe('!yv\n');
  });
});

describe('isAnswerLine', () => {
  it('accepts one success or error line', () => {
    expect(isAnswerLine('!yv\n')).toBe(true);
    expect(isAnswerLine('!ysa\\rb\n')).toBe(true);
    expect(isAnswerLine('!xsboom\n')).toBe(true);
  });

  it('refuses a raw carriage return, a second line, a missing newline, and fatal answers', () => {
    expect(isAnswerLine('!ysa\rb\n')).toBe(false);
    expect(isAnswerLine('!yv\r\n')).toBe(false);
    expect(isAnswerLine('!yv\n!yv\n')).toBe(false);
    expect(isAnswerLine('!yv')).toBe(false);
    expect(isAnswerLine('!zsbye\n')).toBe(false);
  });
});
