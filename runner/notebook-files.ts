/**
 * The notebooks a run names: files as given, folders expanded to the
 * `.ipynb` files in them and below, in a stable order. Hidden folders and
 * Jupyter's `.ipynb_checkpoints` are skipped.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface NotebookFile {
  /** As the user named it (a folder's notebooks: the folder joined with the path inside it). */
  name: string;
  file: string;
  /** Where it goes in an output folder: the file name, or the path inside the folder it was found in. */
  relative: string;
}

export async function collectNotebooks(args: readonly string[]): Promise<NotebookFile[]> {
  const found: NotebookFile[] = [];
  for (const arg of args) {
    const file = path.resolve(arg);
    const info = await stat(file).catch(() => null);
    if (info === null) throw new Error(`Cannot read ${arg}: no such file or folder.`);
    if (!info.isDirectory()) {
      found.push({ name: arg, file, relative: path.basename(file) });
      continue;
    }
    const inside = await notebooksIn(file);
    if (inside.length === 0) throw new Error(`The folder ${arg} holds no .ipynb notebook.`);
    for (const notebook of inside) {
      const relative = path.relative(file, notebook);
      found.push({ name: path.join(arg, relative), file: notebook, relative });
    }
  }
  const seen = new Set<string>();
  return found.filter(({ file }) => !seen.has(file) && seen.add(file));
}

async function notebooksIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await notebooksIn(full)));
    else if (entry.isFile() && entry.name.endsWith('.ipynb')) files.push(full);
  }
  return files;
}
