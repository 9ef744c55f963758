import { describe, expect, it } from 'vitest';
import { answerId, deletedId, Ledger } from '../../../relay/session/ledger.ts';

describe('Ledger', () => {
  it('records the id of every reference an answer hands out', () => {
    const ledger = new Ledger();
    for (const line of ['!yro1', '!ylo2', '!yho3', '!yao4', '!yto5', '!ygo6', '!xro7']) ledger.noteAnswer(line);
    expect(ledger.live()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7']);
    expect(ledger.size).toBe(7);
  });

  it('ignores answers that hold no reference', () => {
    const ledger = new Ledger();
    for (const line of [
      '!yv',
      '!yi4',
      '!ysro1',
      '!yn',
      '!ybtrue',
      '!yp',
      '!yc java.lang.String',
      '!ym',
      '!yo',
      '!xsNo such method',
      '!zsfatal',
      '!xr',
      '',
    ]) {
      expect(ledger.noteAnswer(line)).toBeNull();
    }
    expect(ledger.size).toBe(0);
  });

  it('never records special ids', () => {
    const ledger = new Ledger();
    for (const line of ['!yrt', '!yrj', '!yrGATEWAY_SERVER', '!yrz:java.lang.Math']) ledger.noteAnswer(line);
    expect(ledger.live()).toEqual([]);
  });

  it('forgets an id when a delete for it is sent', () => {
    const ledger = new Ledger();
    ledger.noteAnswer('!yro1');
    ledger.noteAnswer('!ylo2');
    expect(ledger.noteCommand(['m', 'd', 'o1'])).toBe('o1');
    expect(ledger.noteCommand(['c', 'o2', 'size'])).toBeNull();
    expect(ledger.live()).toEqual(['o2']);
  });

  it('returns the id an answer added, and counts a repeated id once', () => {
    const ledger = new Ledger();
    expect(ledger.noteAnswer('!yro9')).toBe('o9');
    ledger.noteAnswer('!yro9');
    expect(ledger.size).toBe(1);
  });
});

describe('answerId and deletedId', () => {
  it('read ids from wire lines', () => {
    expect(answerId('!yro12')).toBe('o12');
    expect(answerId('!xro13')).toBe('o13');
    expect(answerId('!xso13')).toBeNull();
    expect(deletedId(['m', 'd', 'o1'])).toBe('o1');
    expect(deletedId(['m', 'd', ''])).toBeNull();
    expect(deletedId(['m', 'a', 'o1'])).toBeNull();
  });

  it('records the reference arguments of a callback command and holds them', () => {
    const ledger = new Ledger();
    expect(ledger.noteCallback('c\npabc_1\napply\nro8\nsx\nlo9\nrj\ne\n')).toEqual(['o8', 'o9']);
    expect(ledger.holds('o8')).toBe(true);
    expect(ledger.holds('o9')).toBe(true);
    expect(ledger.noteCallback('g\npabc_1\ne\n')).toEqual([]);
    expect(ledger.noteCallback('c\npabc_1\ne\n')).toEqual([]);
  });
});
