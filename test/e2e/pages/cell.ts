/**
 * Page object of one cell: edit it (Monaco is typed into with the keyboard —
 * Monaco ≥ 0.55 edits through EditContext, so `fill()` cannot work), run it, read
 * its prompt, counter, duration, outputs and Java object badge.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class CellObject {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  get outputs(): Locator {
    return this.root.getByTestId('outputs');
  }

  get prompt(): Locator {
    return this.root.getByTestId('prompt');
  }

  get duration(): Locator {
    return this.root.getByTestId('duration');
  }

  get editor(): Locator {
    return this.root.locator('.live-editor .monaco-editor');
  }

  /** "3 Java objects": hidden while the cell holds none. */
  get objectBadge(): Locator {
    return this.root.getByTestId('object-badge');
  }

  get renderedMarkdown(): Locator {
    return this.root.getByTestId('markdown-rendered');
  }

  async id(): Promise<string> {
    return (await this.root.getAttribute('data-cell-id'))!;
  }

  /** Selects the cell in command mode (clicks its gutter). */
  async select(): Promise<void> {
    await this.root.getByTestId('cell-gutter').click();
    await expect(this.root).toHaveClass(/selected/);
  }

  /** Enters edit mode with the cursor at the end of the cell and waits for the focused editor. */
  async edit(): Promise<void> {
    if ((await this.root.getAttribute('data-cell-type')) === 'markdown' && (await this.renderedMarkdown.isVisible())) {
      await this.renderedMarkdown.dblclick();
    } else if (!(await this.editor.isVisible())) {
      await this.root.getByTestId('static-code').click();
    } else {
      await this.editor.click();
    }
    await expect(this.root.locator('.live-editor .monaco-editor.focused')).toBeVisible();
    await this.page.keyboard.press('Control+End');
  }

  /** Types text at the end of the cell, as a user would. */
  async type(text: string): Promise<void> {
    await this.edit();
    // insertText commits text like an input method: Monaco's auto-closing and
    // auto-indent do not double the brackets and indents the test wrote out.
    await this.page.keyboard.insertText(text);
  }

  /** Replaces the cell's source. */
  async setSource(text: string): Promise<void> {
    await this.edit();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
    await expect(this.editor).toContainText(text.split('\n')[0]!.trim().slice(0, 20));
  }

  /** Runs the cell with Ctrl+Enter (from edit mode, or selects it first). */
  async run(): Promise<void> {
    if (!(await this.root.locator('.live-editor .monaco-editor.focused').isVisible())) await this.select();
    await this.page.keyboard.press('Control+Enter');
  }

  /** The execution counter shown in the prompt, or null for `[ ]` / `[*]`. */
  async counter(): Promise<number | null> {
    const text = (await this.prompt.textContent()) ?? '';
    const match = /^\[(\d+)\]/.exec(text);
    return match ? Number(match[1]) : null;
  }

  /** Waits until the cell finished a run (its prompt shows a number). */
  async waitForCount(count?: number): Promise<void> {
    await expect(this.prompt).toHaveText(count === undefined ? /^\[\d+\]:$/ : `[${count}]:`);
    await expect(this.root).toHaveAttribute('data-state', 'idle');
  }

  /** The number of Java objects the badge says the cell holds (0 when it is hidden). */
  async objectCount(): Promise<number> {
    return Number(await this.objectBadge.getAttribute('data-count'));
  }

  /** Runs the cell and waits for it to finish; returns its outputs' text. */
  async runAndWait(): Promise<string> {
    await this.run();
    await expect(this.root).toHaveAttribute('data-state', 'idle');
    await this.waitForCount();
    return (await this.outputs.innerText()).trim();
  }
}
