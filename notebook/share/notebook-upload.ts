/**
 * Uploads `.ipynb` files into the notebook folder through the relay's API. Each
 * file is read and checked in the browser first (read-notebook-file.ts), so an
 * invalid one is refused with its reason and nothing is written for it. A file
 * is created with `baseRevision: null`; when its name is taken the user chooses
 * to replace the notebook there, keep both (the upload gets a free name), or
 * skip the file.
 */
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import type { NotebookApi } from '../api/notebook-api.ts';
import { ApiError } from '../api/errors.ts';
import { freeName } from './free-name.ts';
import { readNotebookFile } from './read-notebook-file.ts';

export type ClashChoice = 'replace' | 'keep-both' | 'cancel';

export interface NotebookUploadDeps {
  api: Pick<NotebookApi, 'save' | 'list'>;
  /** Asked once per file whose name is already in the folder. */
  askClash: (name: string) => Promise<ClashChoice>;
}

export interface UploadResult {
  /** The names the files were written under, in the order given. */
  written: string[];
  /** One message per file that was not written for a fault (not a cancel): its name and what is wrong. */
  refused: string[];
}

export class NotebookUpload {
  constructor(private readonly deps: NotebookUploadDeps) {}

  /** Uploads the files one after the other; never rejects: each file's fault is in `refused`. */
  async upload(files: readonly (Blob & { readonly name: string })[]): Promise<UploadResult> {
    const result: UploadResult = { written: [], refused: [] };
    for (const file of files) {
      let doc: NotebookDoc;
      try {
        doc = await readNotebookFile(file);
      } catch (error) {
        result.refused.push((error as Error).message);
        continue;
      }
      try {
        const name = await this.write(file.name, doc);
        if (name !== null) result.written.push(name);
      } catch (error) {
        result.refused.push(`${file.name}: ${(error as Error).message}`);
      }
    }
    return result;
  }

  /** Writes a new notebook; returns the name it got, or null when the user cancelled. */
  private async write(name: string, doc: NotebookDoc): Promise<string | null> {
    const { api } = this.deps;
    if (await this.created(name, doc)) return name;
    const choice = await this.deps.askClash(name);
    if (choice === 'cancel') return null;
    if (choice === 'replace') {
      await api.save(name, doc, null, true);
      return name;
    }
    // A name can be taken without being listed (a link leading out of the folder), or
    // be taken meanwhile by another tab: each refused name is added and the next tried.
    const taken = new Set((await api.list()).map((entry) => entry.name));
    taken.add(name);
    for (;;) {
      const free = freeName(name, taken);
      if (await this.created(free, doc)) return free;
      taken.add(free);
    }
  }

  /** Creates the file; false when the name is taken. */
  private async created(name: string, doc: NotebookDoc): Promise<boolean> {
    try {
      await this.deps.api.save(name, doc, null);
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'E_CONFLICT' || error.code === 'E_EXISTS')) return false;
      throw error;
    }
  }
}
