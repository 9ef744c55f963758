/**
 * Download and HTML export of the open notebook. Both take the notebook as the
 * relay has it saved (unsaved edits are saved first), serialised exactly as
 * `jvm-notebook` writes files, so a download is byte-for-byte the file on disk.
 * The HTML renderer (report/) is loaded only when asked for: it is not needed
 * to open a notebook and would weigh on every page load.
 */
import { serializeNotebook, type NotebookDoc } from '../../protocol/notebook-file.ts';
import type { NotebookApi } from '../api/notebook-api.ts';
import { showDialog, showToast } from '../view/dialog.ts';
import { downloadFile } from './download-file.ts';
import { downloadName } from './download-name.ts';
import { withoutOutputs } from './without-outputs.ts';

export interface NotebookSharingDeps {
  api: NotebookApi;
  name: string;
  /** Saves what is unsaved; resolves with false when the notebook could not be saved. */
  saveFirst: () => Promise<boolean>;
}

export class NotebookSharing {
  constructor(private readonly deps: NotebookSharingDeps) {}

  /** Asks whether to include outputs, then downloads the `.ipynb`. */
  async download(): Promise<void> {
    const { value, checked } = await showDialog(
      'Download notebook',
      `Download ${this.deps.name} as saved, as an .ipynb file.`,
      [
        { label: 'Download', value: true, testId: 'confirm-download', primary: true },
        { label: 'Cancel', value: false, testId: 'cancel-download' },
      ],
      undefined,
      { label: 'Include outputs', checked: true, testId: 'download-outputs' },
    );
    if (!value) return;
    const doc = await this.saved('download');
    if (!doc) return;
    const file = checked ? doc : withoutOutputs(doc);
    downloadFile(
      downloadName(this.deps.name, checked ? 'ipynb' : 'ipynb-no-outputs'),
      serializeNotebook(file),
      'application/x-ipynb+json',
    );
  }

  /** Downloads the page `jvm-notebook export` writes for this notebook. */
  async exportHtml(): Promise<void> {
    const doc = await this.saved('export');
    if (!doc) return;
    let html: string;
    try {
      const { notebookHtml } = await import('../../report/notebook-html.ts');
      html = notebookHtml(doc);
    } catch (error) {
      showToast(`Could not export ${this.deps.name}: ${(error as Error).message}`, 'error');
      return;
    }
    downloadFile(downloadName(this.deps.name, 'html'), html, 'text/html');
  }

  private async saved(what: string): Promise<NotebookDoc | null> {
    if (!(await this.deps.saveFirst())) {
      showToast(`Could not ${what} ${this.deps.name}: save it first.`, 'error');
      return null;
    }
    try {
      return (await this.deps.api.load(this.deps.name)).notebook;
    } catch (error) {
      showToast(`Could not ${what} ${this.deps.name}: ${(error as Error).message}`, 'error');
      return null;
    }
  }
}
