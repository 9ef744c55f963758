/**
 * Page object of the notebook list's upload: files given to the "Upload"
 * picker or dropped on the page as a desktop drag does, the answer to a name
 * clash, and the reasons shown for refused files.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface UploadFile {
  name: string;
  text: string;
}

export type ClashAnswer = 'keep-both' | 'replace' | 'cancel';

export class NotebookUploadPanel {
  constructor(readonly page: Page) {}

  /** Chooses files in the Upload button's file picker. */
  async pick(files: UploadFile[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('upload-notebooks').click();
    await (
      await chooser
    ).setFiles(
      files.map((file) => ({ name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.text) })),
    );
  }

  /** Drops files on the list page: dragover then drop, with a DataTransfer holding them, as the browser sends them. */
  async drop(files: UploadFile[]): Promise<void> {
    const transfer = await this.page.evaluateHandle((list) => {
      const data = new DataTransfer();
      for (const file of list) data.items.add(new File([file.text], file.name, { type: 'application/json' }));
      return data;
    }, files);
    const target = this.page.getByTestId('list-page');
    await target.dispatchEvent('dragover', { dataTransfer: transfer });
    await target.dispatchEvent('drop', { dataTransfer: transfer });
  }

  async answerClash(answer: ClashAnswer): Promise<void> {
    await this.page.getByTestId(`clash-${answer}`).click();
  }

  /** The reasons shown for the files of the last upload that were refused. */
  get refusals(): Locator {
    return this.page.getByTestId('upload-messages').locator('li');
  }

  async expectRefused(count: number): Promise<void> {
    await expect(this.refusals).toHaveCount(count);
  }
}
