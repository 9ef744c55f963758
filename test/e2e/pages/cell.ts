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

  /** Each output block of the cell, in the order the page shows them. */
  get outputBlocks(): Locator {
    return this.outputs.locator(':scope > [data-testid^="output-"]');
  }

  /** The cell's number as the page shows it (`cell 3`), the name errors and the object popover use. */
  get number(): Locator {
    return this.root.getByTestId('cell-number');
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

  /**
   * Clicks the static code (the cell does not hold the live editor) at the left edge
   * of a character, 1-based as editors count, and waits for the focused editor.
   */
  async clickAt(lineNumber: number, column: number): Promise<void> {
    const code = this.root.getByTestId('static-code');
    await expect(code).toBeVisible();
    const point = await code.evaluate(
      (pre, [line, col]) => {
        // The static code is plain text or colourised HTML whose lines end with <br>.
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        let current = 1;
        let at = 1;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.nodeName === 'BR') {
            current++;
            at = 1;
          }
          if (node.nodeType !== Node.TEXT_NODE) continue;
          const text = node.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            if (current === line && at === col) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = range.getBoundingClientRect();
              return { x: rect.left + 1, y: rect.top + rect.height / 2 };
            }
            if (text[i] === '\n') {
              current++;
              at = 1;
            } else at++;
          }
        }
        throw new Error(`No character at line ${line}, column ${col}`);
      },
      [lineNumber, column] as const,
    );
    await this.page.mouse.click(point.x, point.y);
    await expect(this.root.locator('.live-editor .monaco-editor.focused')).toBeVisible();
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
