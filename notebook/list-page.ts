/**
 * The notebook folder: every `.ipynb` in the relay's `--dir`, with create, open,
 * rename, duplicate and delete.
 */
import type { NotebookApi, NotebookEntry } from './api/notebook-api.ts';
import { showDialog, showToast } from './view/dialog.ts';
import { notebookHash } from './routes.ts';

export class ListPage {
  private readonly table = document.createElement('tbody');

  constructor(
    private readonly api: NotebookApi,
    private readonly root: HTMLElement,
  ) {}

  async open(): Promise<void> {
    document.title = 'Notebooks — jvm-notebook';
    const page = document.createElement('div');
    page.className = 'list-page';
    page.dataset.testid = 'list-page';
    const header = document.createElement('header');
    header.className = 'list-header';
    const h1 = document.createElement('h1');
    h1.textContent = 'Notebooks';
    const create = document.createElement('button');
    create.type = 'button';
    create.className = 'primary';
    create.textContent = '+ New notebook';
    create.dataset.testid = 'new-notebook';
    create.addEventListener('click', () => void this.create());
    header.append(h1, create);
    const table = document.createElement('table');
    table.className = 'notebook-list';
    table.dataset.testid = 'notebook-list';
    const head = table.createTHead().insertRow();
    for (const label of ['Name', 'Modified', 'Size', '']) {
      const th = document.createElement('th');
      th.textContent = label;
      head.append(th);
    }
    table.append(this.table);
    page.append(header, table);
    this.root.replaceChildren(page);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    let entries: NotebookEntry[];
    try {
      entries = await this.api.list();
    } catch (error) {
      this.table.replaceChildren(messageRow(`Could not list the notebooks: ${(error as Error).message}`));
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    this.table.replaceChildren(...entries.map((entry) => this.row(entry)));
    if (entries.length === 0) this.table.append(messageRow('No notebooks yet: create one.'));
    this.table.dataset.loaded = 'true';
  }

  private row(entry: NotebookEntry): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.testid = 'notebook-row';
    row.dataset.name = entry.name;
    const link = document.createElement('a');
    link.href = notebookHash(entry.name);
    link.textContent = entry.name;
    link.dataset.testid = 'open-notebook';
    row.insertCell().append(link);
    row.insertCell().textContent = new Date(entry.modified).toLocaleString();
    row.insertCell().textContent = formatSize(entry.size);
    const actions = row.insertCell();
    actions.className = 'row-actions';
    actions.append(
      action('Rename', 'rename-notebook', () => this.rename(entry.name)),
      action('Duplicate', 'duplicate-notebook', () => this.duplicate(entry.name)),
      action('Delete', 'delete-notebook', () => this.remove(entry.name)),
    );
    return row;
  }

  private async create(): Promise<void> {
    try {
      const name = await this.api.create();
      location.hash = notebookHash(name);
    } catch (error) {
      showToast(`Could not create a notebook: ${(error as Error).message}`, 'error');
    }
  }

  private async rename(name: string): Promise<void> {
    const { value, text } = await showDialog(
      'Rename notebook',
      `New name for ${name}:`,
      [
        { label: 'Rename', value: true, testId: 'confirm-rename', primary: true },
        { label: 'Cancel', value: false, testId: 'cancel-rename' },
      ],
      // Only the base name is selected: typing a new name keeps the extension.
      { value: name, testId: 'rename-input', selectEnd: baseNameLength(name) },
    );
    const to = withExtension(text.trim());
    if (!value || to === NOTEBOOK_EXTENSION || to === name) return;
    await this.act(() => this.api.rename(name, to), 'rename');
  }

  private async duplicate(name: string): Promise<void> {
    await this.act(() => this.api.duplicate(name), 'duplicate');
  }

  private async remove(name: string): Promise<void> {
    const { value } = await showDialog('Delete notebook', `Delete ${name}? This cannot be undone.`, [
      { label: 'Delete', value: true, testId: 'confirm-delete', primary: true },
      { label: 'Cancel', value: false, testId: 'cancel-delete' },
    ]);
    if (value) await this.act(() => this.api.remove(name), 'delete');
  }

  private async act(run: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      showToast(`Could not ${what}: ${(error as Error).message}`, 'error');
    }
    await this.refresh();
  }
}

const NOTEBOOK_EXTENSION = '.ipynb';

/** A name typed without the extension gets it: every notebook in the folder is an `.ipynb` file. */
function withExtension(name: string): string {
  return name.toLowerCase().endsWith(NOTEBOOK_EXTENSION) ? name : `${name}${NOTEBOOK_EXTENSION}`;
}

function baseNameLength(name: string): number {
  return name.toLowerCase().endsWith(NOTEBOOK_EXTENSION) ? name.length - NOTEBOOK_EXTENSION.length : name.length;
}

function action(label: string, testId: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.dataset.testid = testId;
  button.addEventListener('click', onClick);
  return button;
}

function messageRow(text: string): HTMLTableRowElement {
  const row = document.createElement('tr');
  const cell = row.insertCell();
  cell.colSpan = 4;
  cell.className = 'list-message';
  cell.textContent = text;
  return row;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
