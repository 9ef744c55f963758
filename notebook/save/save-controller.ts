/**
 * Saving one open notebook: autosave shortly after edits, explicit save, a copy
 * in the browser until the relay confirms, retries while the relay is away, and
 * conflicts with another tab's save handed to the user — never overwritten
 * silently.
 */
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import { ApiError } from '../api/errors.ts';
import type { LocalBackup } from './local-backup.ts';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'offline' | 'conflict' | 'error';

export type ConflictChoice = 'overwrite' | 'reload' | 'later';

export interface SaveControllerOptions {
  name: string;
  revision: string;
  save(doc: NotebookDoc, baseRevision: string, force: boolean): Promise<string>;
  /** The document to save and the edit version it reflects. */
  snapshot(): { doc: NotebookDoc; version: number };
  backup: LocalBackup;
  onState(state: SaveState, detail: string): void;
  /** Asks the user what to do about a save from elsewhere. */
  resolveConflict(): Promise<ConflictChoice>;
  /** Called when the user chose to take the other tab's version. */
  reload(): void;
  autosaveMs?: number;
  backupMs?: number;
  setTimer?: (fn: () => void, ms: number) => () => void;
  now?: () => number;
}

const SAVED_DETAIL = 'All changes saved';
const RETRY_MS = [1000, 2000, 4000, 8000, 15000];

export class SaveController {
  private revision: string;
  private savedVersion: number;
  private state: SaveState = 'saved';
  private cancelAutosave: (() => void) | null = null;
  private cancelBackup: (() => void) | null = null;
  private inFlight: Promise<void> | null = null;
  private retries = 0;
  private readonly setTimer: (fn: () => void, ms: number) => () => void;

  constructor(private readonly options: SaveControllerOptions) {
    this.revision = options.revision;
    this.savedVersion = options.snapshot().version;
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      });
    // A notebook just loaded is what the file holds: say so from the start, not only after the next save.
    options.onState(this.state, SAVED_DETAIL);
  }

  get current(): SaveState {
    return this.state;
  }

  get baseRevision(): string {
    return this.revision;
  }

  /** Whether leaving the page now would lose edits the relay has not confirmed. */
  get hasUnsaved(): boolean {
    return this.options.snapshot().version !== this.savedVersion;
  }

  /** The document differs from the file from the start (edits restored from the browser copy). */
  markUnsaved(): void {
    this.savedVersion = -1;
    this.edited();
  }

  /** The document changed: keep a browser copy soon and save a little later. */
  edited(): void {
    if (this.state === 'saved' || this.state === 'error') this.setState('dirty', 'Unsaved changes');
    this.cancelBackup ??= this.setTimer(() => {
      this.cancelBackup = null;
      this.writeBackup();
    }, this.options.backupMs ?? 300);
    if (this.state === 'conflict') return;
    this.scheduleAutosave(this.options.autosaveMs ?? 1500);
  }

  /** Writes the browser copy now, not in a moment: the page is going away (reload, tab closed). */
  keepBrowserCopy(): void {
    this.writeBackup();
  }

  /** Saves now (Ctrl+S, the Save button). Resolves when this save settled. */
  async saveNow(): Promise<void> {
    if (this.state === 'conflict') {
      await this.handleConflict();
      return;
    }
    this.cancelAutosave?.();
    this.cancelAutosave = null;
    await this.runSave(false);
  }

  /** The relay is reachable again: retry a save that failed for want of it. */
  relayBack(): void {
    if (this.state === 'offline') {
      this.retries = 0;
      this.scheduleAutosave(0);
    }
  }

  private scheduleAutosave(ms: number): void {
    this.cancelAutosave?.();
    this.cancelAutosave = this.setTimer(() => {
      this.cancelAutosave = null;
      void this.runSave(false);
    }, ms);
  }

  private async runSave(force: boolean): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (!force && !this.hasUnsaved) {
      this.setState('saved', SAVED_DETAIL);
      return;
    }
    const done = this.saveOnce(force);
    this.inFlight = done;
    try {
      await done;
    } finally {
      this.inFlight = null;
    }
  }

  private async saveOnce(force: boolean): Promise<void> {
    const { doc, version } = this.options.snapshot();
    this.writeBackup();
    this.setState('saving', 'Saving…');
    try {
      this.revision = await this.options.save(doc, this.revision, force);
      this.savedVersion = version;
      this.retries = 0;
      if (this.hasUnsaved) {
        this.setState('dirty', 'Unsaved changes');
        this.scheduleAutosave(this.options.autosaveMs ?? 1500);
      } else {
        this.options.backup.clear();
        this.setState('saved', SAVED_DETAIL);
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'E_CONFLICT') {
        this.setState('conflict', 'The file was changed elsewhere');
        void this.handleConflict();
      } else if (error instanceof ApiError) {
        this.setState('error', `Save failed: ${error.message}`);
      } else {
        const delay = RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)]!;
        this.setState('offline', 'Relay unreachable — changes kept in this browser');
        this.scheduleAutosave(delay);
      }
    }
  }

  private async handleConflict(): Promise<void> {
    const choice = await this.options.resolveConflict();
    if (choice === 'overwrite') await this.runSave(true);
    else if (choice === 'reload') {
      this.options.backup.clear();
      this.savedVersion = this.options.snapshot().version;
      this.options.reload();
    }
  }

  private writeBackup(): void {
    this.cancelBackup?.();
    this.cancelBackup = null;
    if (!this.hasUnsaved) return;
    const ok = this.options.backup.write({
      baseRevision: this.revision,
      savedAt: (this.options.now ?? Date.now)(),
      notebook: this.options.snapshot().doc,
    });
    if (!ok && this.state !== 'saving') this.setState(this.state, 'Unsaved changes (too large to keep a browser copy)');
  }

  private setState(state: SaveState, detail: string): void {
    this.state = state;
    this.options.onState(state, detail);
  }
}
