/**
 * File names of what the notebook page downloads. A copy without outputs gets
 * its own name (`x.no-outputs.ipynb`), so the two never replace each other in
 * the downloads folder and the stripped one says what it is.
 */
const EXTENSION = '.ipynb';

export function downloadName(notebook: string, kind: 'ipynb' | 'ipynb-no-outputs' | 'html'): string {
  const base = notebook.toLowerCase().endsWith(EXTENSION) ? notebook.slice(0, -EXTENSION.length) : notebook;
  if (kind === 'html') return `${base}.html`;
  return kind === 'ipynb' ? `${base}${EXTENSION}` : `${base}.no-outputs${EXTENSION}`;
}
