/**
 * Page object of an open notebook: open it, reach its cells, use command-mode
 * keys and toolbar buttons, read the status bar, the save state and the lists
 * of Java object classes.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { RelayProcess } from '../support/relay-process.ts';
import { writeNotebook, type CellSpec } from '../support/notebook-files.ts';
import { CellObject } from './cell.ts';

export class NotebookPage {
  constructor(
    readonly page: Page,
    readonly relay: RelayProcess,
  ) {}

  get cells(): Locator {
    return this.page.getByTestId('cell');
  }

  get statusBar(): Locator {
    return this.page.getByTestId('status-bar');
  }

  cell(index: number): CellObject {
    return new CellObject(this.page, this.cells.nth(index));
  }

  cellById(id: string): CellObject {
    return new CellObject(this.page, this.page.locator(`[data-testid="cell"][data-cell-id="${id}"]`));
  }

  /** Writes a notebook with these cells into the relay's folder and opens it. */
  async create(cells: CellSpec[] = [{ source: '' }]): Promise<string> {
    const name = writeNotebook(this.relay, cells);
    await this.open(name);
    return name;
  }

  /** Opens a notebook by its start URL and waits until the kernel is connected. */
  async open(name: string): Promise<void> {
    await this.page.goto(`${this.relay.startUrl}#/nb/${encodeURIComponent(name)}`);
    await this.waitReady(name);
  }

  async waitReady(name?: string): Promise<void> {
    const page = this.page.getByTestId('notebook-page');
    await expect(page).toBeVisible();
    if (name) await expect(page).toHaveAttribute('data-notebook', name);
    await expect(this.page.getByTestId('status-relay')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    // The relay may answer while the JVM behind it is gone: ready is a connected session.
    await expect(this.page.getByTestId('cells')).toHaveAttribute('data-connection', 'connected', { timeout: 30_000 });
  }

  /** Presses keys in command mode (Escape first leaves edit mode). */
  async command(...keys: string[]): Promise<void> {
    if (await this.page.locator('.live-editor .monaco-editor.focused').isVisible())
      await this.page.keyboard.press('Escape');
    await expect(this.page.getByTestId('cells')).not.toHaveAttribute('data-mode', 'edit');
    for (const key of keys) await this.page.keyboard.press(key);
  }

  async button(testId: string): Promise<void> {
    await this.page.getByTestId(testId).click();
  }

  async selectedIndex(): Promise<number> {
    return this.cells.evaluateAll((cells) => cells.findIndex((cell) => cell.classList.contains('selected')));
  }

  async cellTypes(): Promise<string[]> {
    return this.cells.evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).dataset.cellType ?? ''));
  }

  async sources(): Promise<string[]> {
    return this.cells.evaluateAll((cells) =>
      cells.map((cell) => cell.querySelector('.static-code')?.textContent?.trim() ?? ''),
    );
  }

  /** Waits until every queued or running cell is idle. */
  async waitIdle(): Promise<void> {
    await expect(
      this.page.locator('[data-testid="cell"][data-state="queued"], [data-testid="cell"][data-state="running"]'),
    ).toHaveCount(0, { timeout: 60_000 });
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('status-save')).toHaveAttribute('data-state', 'saved', { timeout: 20_000 });
  }

  async liveObjects(): Promise<number> {
    return Number(await this.page.getByTestId('status-objects').getAttribute('data-count'));
  }

  /** The kept Java objects (keep) the status bar counts. */
  async keptObjects(): Promise<number> {
    return Number(await this.page.getByTestId('status-objects').getAttribute('data-kept'));
  }

  get objectPopover(): Locator {
    return this.page.getByTestId('object-popover');
  }

  /**
   * Opens the classes of a cell's Java objects (clicks its badge), or of the
   * kept ones (clicks the status bar's count) without a cell, and returns them
   * once counted: class name → count.
   */
  async objectClasses(cell?: CellObject): Promise<Record<string, number>> {
    if (await this.objectPopover.isVisible()) await this.page.keyboard.press('Escape');
    await expect(this.objectPopover).toBeHidden();
    await (cell ? cell.objectBadge : this.page.getByTestId('status-objects')).click();
    await expect(this.objectPopover).toHaveAttribute('data-state', 'ready');
    const rows = await this.objectPopover
      .getByTestId('object-class')
      .evaluateAll((trs) =>
        trs.map(
          (tr) => [(tr as HTMLElement).dataset.className ?? '', Number((tr as HTMLElement).dataset.count)] as const,
        ),
      );
    return Object.fromEntries(rows);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync('test-results/screenshots', { recursive: true });
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` });
  }
}
