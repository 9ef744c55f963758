/**
 * Page object of the notebook list: create, open, rename, duplicate, delete.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { RelayProcess } from '../support/relay-process.ts';

export class NotebookListPage {
  constructor(
    readonly page: Page,
    readonly relay: RelayProcess,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.relay.startUrl}#/`);
    await expect(this.page.getByTestId('list-page')).toBeVisible();
    await expect(this.page.locator('[data-testid="notebook-list"] tbody[data-loaded="true"]')).toBeAttached();
  }

  /** Opens a notebook by clicking its name, as a user does. */
  async openNotebook(name: string): Promise<void> {
    await this.row(name).getByTestId('open-notebook').click();
  }

  /** Comes back from an open notebook through its toolbar and waits for the list. */
  async backFromNotebook(): Promise<void> {
    await this.page.getByTestId('back-to-list').click();
    await expect(this.page.getByTestId('list-page')).toBeVisible();
    await expect(this.page.locator('[data-testid="notebook-list"] tbody[data-loaded="true"]')).toBeAttached();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="notebook-row"][data-name="${name}"]`);
  }

  async names(): Promise<string[]> {
    return this.page
      .getByTestId('notebook-row')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.name ?? ''));
  }

  async rename(name: string, to: string): Promise<void> {
    await this.row(name).getByTestId('rename-notebook').click();
    const input = this.page.getByTestId('rename-input');
    await input.fill(to);
    await this.page.getByTestId('confirm-rename').click();
    await expect(this.row(to)).toBeVisible();
  }

  /** Opens the rename dialog of a notebook: its text field, as the dialog shows it. */
  async startRename(name: string): Promise<Locator> {
    await this.row(name).getByTestId('rename-notebook').click();
    const input = this.page.getByTestId('rename-input');
    await expect(input).toBeFocused();
    return input;
  }

  async duplicate(name: string): Promise<void> {
    const before = (await this.names()).length;
    await this.row(name).getByTestId('duplicate-notebook').click();
    await expect(this.page.getByTestId('notebook-row')).toHaveCount(before + 1);
  }

  async remove(name: string): Promise<void> {
    await this.row(name).getByTestId('delete-notebook').click();
    await this.page.getByTestId('confirm-delete').click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
