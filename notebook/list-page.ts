/**
 * The notebook folder: every `.ipynb` in the relay's `--dir`, with create, open,
 * rename, duplicate, delete, and upload (a file picker, or files dropped on the page).
 */
import type { NotebookApi, NotebookEntry } from './api/notebook-api.ts';
import type { ClashChoice } from './share/notebook-upload.ts';
import { showDialog, showToast } from './view/dialog.ts';
import { notebookHash } from './routes.ts';

export class ListPage {
  private readonly table = document.createElement('tbody');
  /** Why the files of the last upload that were refused were refused; stays until the next upload. */
  private readonly uploadMessages = document.createElement('ul');

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
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = '.ipynb';
    picker.multiple = true;
    picker.hidden = true;
    picker.dataset.testid = 'upload-input';
    picker.addEventListener('change', () => {
      const files = [...(picker.files ?? [])];
      // Cleared so that picking the same file again is a change too.
      picker.value = '';
      void this.upload(files);
    });
    const upload = document.createElement('button');
    upload.type = 'button';
    upload.textContent = 'Upload';
    upload.title = 'Upload .ipynb files into the folder (or drop them on this page)';
    upload.dataset.testid = 'upload-notebooks';
    upload.addEventListener('click', () => picker.click());
    const actions = document.createElement('div');
    actions.className = 'list-actions';
    actions.append(upload, picker, create);
    header.append(h1, actions);
    this.uploadMessages.className = 'upload-messages';
    this.uploadMessages.dataset.testid = 'upload-messages';
    this.uploadMessages.setAttribute('role', 'alert');
    this.uploadMessages.hidden = true;
    this.acceptDrops(page);
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
    page.append(header, this.uploadMessages, table);
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

  /** Files dragged from the desktop onto the page are uploaded; anything else dragged is left alone. */
  private acceptDrops(page: HTMLElement): void {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;
    page.addEventListener('dragover', (event) => {
      if (!carriesFiles(event)) return;
      // Without this the browser would open the dropped file in place of the app.
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
      page.classList.add('drop-target');
    });
    page.addEventListener('dragleave', (event) => {
      if (!page.contains(event.relatedTarget as Node | null)) page.classList.remove('drop-target');
    });
    page.addEventListener('drop', (event) => {
      page.classList.remove('drop-target');
      if (!carriesFiles(event)) return;
      event.preventDefault();
      void this.upload([...event.dataTransfer!.files]);
    });
  }

  private async upload(files: File[]): Promise<void> {
    if (files.length === 0) return;
    this.uploadMessages.replaceChildren();
    this.uploadMessages.hidden = true;
    // Loaded on first use: the notebook checker is not needed to show the list.
    const { NotebookUpload } = await import('./share/notebook-upload.ts');
    const uploader = new NotebookUpload({ api: this.api, askClash: (name) => askClash(name) });
    const { written, refused } = await uploader.upload(files);
    for (const message of refused) {
      const item = document.createElement('li');
      item.textContent = `Not uploaded: ${message}`;
      this.uploadMessages.append(item);
    }
    this.uploadMessages.hidden = refused.length === 0;
    if (written.length > 0) showToast(`Uploaded ${written.join(', ')}.`);
    await this.refresh();
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

async function askClash(name: string): Promise<ClashChoice> {
  const { value } = await showDialog(
    'A notebook of that name exists',
    `${name} is already in the folder. Replace it with the uploaded file, keep both (the upload gets a free name), or skip this file?`,
    [
      { label: 'Keep both', value: 'keep-both' as const, testId: 'clash-keep-both', primary: true },
      { label: 'Replace', value: 'replace' as const, testId: 'clash-replace' },
      { label: 'Cancel', value: 'cancel' as const, testId: 'clash-cancel' },
    ],
  );
  return value;
}

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
