/**
 * A new cell id as nbformat makes them: 8 random hex digits. Its own module so
 * that the page, which only needs this, does not load the whole file format.
 */
export function newCellId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
