import { describe, expect, it } from 'vitest';
import { CommandKeys, type KeyPress } from '../../../notebook/model/command-keys.ts';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrl: false,
  shift: false,
  alt: false,
  meta: false,
  ...mods,
});

describe('CommandKeys', () => {
  it('maps Jupyter single keys to commands', () => {
    const keys = new CommandKeys(() => 0);
    const map = {
      a: 'insert-above',
      b: 'insert-below',
      x: 'cut',
      c: 'copy',
      v: 'paste-below',
      m: 'to-markdown',
      y: 'to-code',
      z: 'undo',
      j: 'select-next',
      k: 'select-previous',
      ArrowDown: 'select-next',
      ArrowUp: 'select-previous',
      Enter: 'edit',
    };
    for (const [k, command] of Object.entries(map)) expect(keys.press(key(k))).toBe(command);
    expect(keys.press(key('V', { shift: true }))).toBe('paste-above');
  });

  it('maps the run and save chords in any mode', () => {
    const keys = new CommandKeys(() => 0);
    expect(keys.press(key('Enter', { shift: true }))).toBe('run-select-below');
    expect(keys.press(key('Enter', { ctrl: true }))).toBe('run');
    expect(keys.press(key('Enter', { alt: true }))).toBe('run-insert-below');
    expect(keys.press(key('s', { ctrl: true }))).toBe('save');
    expect(keys.press(key('S', { meta: true, shift: true }))).toBe('save');
  });

  it('needs D, I and 0 twice within the interval', () => {
    let now = 0;
    const keys = new CommandKeys(() => now);
    expect(keys.press(key('d'))).toBeNull();
    now = 300;
    expect(keys.press(key('d'))).toBe('delete');
    expect(keys.press(key('i'))).toBeNull();
    now = 2000;
    expect(keys.press(key('i'))).toBeNull();
    now = 2100;
    expect(keys.press(key('i'))).toBe('interrupt');
    expect(keys.press(key('0'))).toBeNull();
    expect(keys.press(key('0'))).toBe('restart');
  });

  it('forgets a pending double key when another key comes between', () => {
    const keys = new CommandKeys(() => 0);
    expect(keys.press(key('d'))).toBeNull();
    expect(keys.press(key('j'))).toBe('select-next');
    expect(keys.press(key('d'))).toBeNull();
  });

  it('ignores keys with Ctrl or Alt that are not chords, and unknown keys', () => {
    const keys = new CommandKeys(() => 0);
    expect(keys.press(key('a', { ctrl: true }))).toBeNull();
    expect(keys.press(key('q'))).toBeNull();
  });
});
