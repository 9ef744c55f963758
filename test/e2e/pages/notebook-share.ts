/**
 * Page object of the open notebook's Download and Export HTML buttons: each
 * returns the file the browser downloaded, with the name it suggested.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';

export interface DownloadedFile {
  fileName: string;
  text: string;
}

export class NotebookShare {
  constructor(readonly page: Page) {}

  /** Downloads the notebook as `.ipynb`, with outputs or without. */
  async download(includeOutputs: boolean): Promise<DownloadedFile> {
    await this.page.getByTestId('download').click();
    await this.page.getByTestId('download-outputs').setChecked(includeOutputs);
    return this.saveDownload(() => this.page.getByTestId('confirm-download').click());
  }

  async exportHtml(): Promise<DownloadedFile> {
    return this.saveDownload(() => this.page.getByTestId('export-html').click());
  }

  private async saveDownload(start: () => Promise<void>): Promise<DownloadedFile> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), start()]);
    const path = await download.path();
    return { fileName: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }
}
