/**
 * A browser-side copy of a notebook's unsaved edits, kept until the relay confirms
 * a save: a stopped relay, a dropped connection or a closed tab loses nothing.
 */
import type { NotebookDoc } from '../../protocol/notebook-file.ts';

export interface Backup {
  /** The revision on the relay these edits were made on. */
  baseRevision: string;
  savedAt: number;
  notebook: NotebookDoc;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class LocalBackup {
  constructor(
    private readonly store: KeyValueStore,
    private readonly name: string,
  ) {}

  private get key(): string {
    return `jvm-notebook:unsaved:${this.name}`;
  }

  read(): Backup | null {
    const text = this.store.getItem(this.key);
    if (!text) return null;
    try {
      const backup = JSON.parse(text) as Backup;
      return typeof backup.baseRevision === 'string' && Array.isArray(backup.notebook?.cells) ? backup : null;
    } catch {
      return null;
    }
  }

  /** Returns false when the browser refused (storage full): the page then says so. */
  write(backup: Backup): boolean {
    try {
      this.store.setItem(this.key, JSON.stringify(backup));
      return true;
    } catch {
      return false;
    }
  }

  clear(): void {
    this.store.removeItem(this.key);
  }
}
