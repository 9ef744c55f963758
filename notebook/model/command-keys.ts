/**
 * Jupyter's command-mode keys, as a pure mapping from key presses to commands.
 * Double-key commands (D D, I I, 0 0) need the same key twice within a short
 * interval, as in Jupyter, so a stray single press does nothing.
 */

export type Command =
  | 'edit'
  | 'insert-above'
  | 'insert-below'
  | 'delete'
  | 'cut'
  | 'copy'
  | 'paste-below'
  | 'paste-above'
  | 'to-markdown'
  | 'to-code'
  | 'undo'
  | 'redo'
  | 'select-next'
  | 'select-previous'
  | 'move-up'
  | 'move-down'
  | 'run'
  | 'run-select-below'
  | 'run-insert-below'
  | 'interrupt'
  | 'restart'
  | 'save'
  | 'select-first'
  | 'select-last';

export interface KeyPress {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

const DOUBLE_KEY_MS = 800;

const DOUBLE: Record<string, Command> = { d: 'delete', i: 'interrupt', '0': 'restart' };

const SINGLE: Record<string, Command> = {
  Enter: 'edit',
  a: 'insert-above',
  b: 'insert-below',
  x: 'cut',
  c: 'copy',
  v: 'paste-below',
  V: 'paste-above',
  m: 'to-markdown',
  y: 'to-code',
  z: 'undo',
  Z: 'redo',
  j: 'select-next',
  k: 'select-previous',
  ArrowDown: 'select-next',
  ArrowUp: 'select-previous',
  Home: 'select-first',
  End: 'select-last',
};

/** Keys that mean the same in command and edit mode. */
export function globalCommand(press: KeyPress): Command | null {
  const mod = press.ctrl || press.meta;
  if (press.key === 'Enter') {
    if (press.shift && !mod && !press.alt) return 'run-select-below';
    if (mod && !press.shift && !press.alt) return 'run';
    if (press.alt && !mod && !press.shift) return 'run-insert-below';
  }
  if (mod && !press.alt && press.key.toLowerCase() === 's') return 'save';
  return null;
}

export class CommandKeys {
  private pending: { key: string; at: number } | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The command a key press means in command mode, or null (then the page ignores it). */
  press(press: KeyPress): Command | null {
    const global = globalCommand(press);
    if (global) {
      this.pending = null;
      return global;
    }
    if (press.ctrl || press.meta || press.alt) return null;
    if (press.shift && press.key === 'ArrowUp') return 'move-up';
    if (press.shift && press.key === 'ArrowDown') return 'move-down';
    const key = press.key;
    const double = DOUBLE[key];
    if (double) {
      const pending = this.pending;
      if (pending && pending.key === key && this.now() - pending.at <= DOUBLE_KEY_MS) {
        this.pending = null;
        return double;
      }
      this.pending = { key, at: this.now() };
      return null;
    }
    this.pending = null;
    return SINGLE[key] ?? null;
  }
}
