/**
 * The first notebook name not taken in the folder, made from a wanted one as
 * "keep both" needs it: `x.ipynb` → `x-1.ipynb`, `x-2.ipynb`, …
 */
const EXTENSION = '.ipynb';

export function freeName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  const base = wanted.endsWith(EXTENSION) ? wanted.slice(0, -EXTENSION.length) : wanted;
  for (let n = 1; ; n++) {
    const name = `${base}-${n}${EXTENSION}`;
    if (!taken.has(name)) return name;
  }
}
