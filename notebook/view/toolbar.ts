/**
 * The notebook page's header: back to the list, the notebook's name with its
 * dirty marker, buttons for what the keys also do, and download and export.
 */
import type { Command } from '../model/command-keys.ts';

export type ToolbarCommand =
  Command | 'run-all' | 'run-above' | 'run-below' | 'add-code' | 'add-markdown' | 'download' | 'export-html';

const BUTTONS: { label: string; title: string; command: ToolbarCommand; testId: string }[] = [
  { label: 'Save', title: 'Save (Ctrl+S)', command: 'save', testId: 'save' },
  { label: '+ Code', title: 'Add a code cell below (B)', command: 'add-code', testId: 'add-code' },
  { label: '+ Markdown', title: 'Add a Markdown cell below', command: 'add-markdown', testId: 'add-markdown' },
  { label: '▲', title: 'Move the cell up', command: 'move-up', testId: 'move-up' },
  { label: '▼', title: 'Move the cell down', command: 'move-down', testId: 'move-down' },
  { label: 'Delete', title: 'Delete the cell (D D)', command: 'delete', testId: 'delete-cell' },
  { label: 'Undo', title: 'Undo the last cell operation (Z)', command: 'undo', testId: 'undo' },
  { label: '▶ Run', title: 'Run the cell (Ctrl+Enter)', command: 'run', testId: 'run' },
  { label: 'Run all', title: 'Run every code cell', command: 'run-all', testId: 'run-all' },
  { label: 'Run above', title: 'Run the cells above this one', command: 'run-above', testId: 'run-above' },
  { label: 'Run below', title: 'Run this cell and those below', command: 'run-below', testId: 'run-below' },
  { label: '■ Interrupt', title: 'Interrupt (I I)', command: 'interrupt', testId: 'interrupt' },
  { label: '↻ Restart', title: 'Restart the session (0 0)', command: 'restart', testId: 'restart' },
  { label: 'Download', title: 'Download the notebook as .ipynb', command: 'download', testId: 'download' },
  {
    label: 'Export HTML',
    title: 'Download the notebook as one HTML page',
    command: 'export-html',
    testId: 'export-html',
  },
];

export class Toolbar {
  readonly root: HTMLElement;
  private readonly dirty: HTMLElement;
  private readonly typeSelect: HTMLSelectElement;

  constructor(name: string, run: (command: ToolbarCommand) => void) {
    this.root = document.createElement('header');
    this.root.className = 'toolbar';
    const back = document.createElement('a');
    back.href = '#/';
    back.className = 'back';
    back.textContent = '← Notebooks';
    back.dataset.testid = 'back-to-list';
    const title = document.createElement('h1');
    title.className = 'notebook-name';
    title.dataset.testid = 'notebook-name';
    title.textContent = name;
    this.dirty = document.createElement('span');
    this.dirty.className = 'dirty-marker';
    this.dirty.dataset.testid = 'dirty-marker';
    this.dirty.textContent = '●';
    this.dirty.title = 'Unsaved changes';
    this.dirty.hidden = true;
    title.append(this.dirty);
    const buttons = document.createElement('div');
    buttons.className = 'toolbar-buttons';
    for (const spec of BUTTONS) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = spec.label;
      button.title = spec.title;
      button.dataset.testid = spec.testId;
      // Buttons act on the selected cell; keeping focus off them keeps command-mode keys working.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => run(spec.command));
      buttons.append(button);
    }
    this.typeSelect = document.createElement('select');
    this.typeSelect.dataset.testid = 'cell-type';
    this.typeSelect.title = 'Cell type (Y code, M Markdown)';
    for (const [value, label] of [
      ['code', 'Code'],
      ['markdown', 'Markdown'],
    ]) {
      const option = document.createElement('option');
      option.value = value!;
      option.textContent = label!;
      this.typeSelect.append(option);
    }
    this.typeSelect.addEventListener('change', () => run(this.typeSelect.value === 'code' ? 'to-code' : 'to-markdown'));
    buttons.append(this.typeSelect);
    this.root.append(back, title, buttons);
  }

  setDirty(dirty: boolean): void {
    this.dirty.hidden = !dirty;
    document.title = `${dirty ? '● ' : ''}${this.root.querySelector('.notebook-name')?.firstChild?.textContent ?? ''} — jvm-notebook`;
  }

  setCellType(type: string): void {
    this.typeSelect.value = type === 'markdown' ? 'markdown' : 'code';
  }
}
