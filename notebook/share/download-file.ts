/**
 * Hands text to the browser as a file download: a Blob behind an `<a download>`,
 * so nothing goes through the relay and the file is exactly the text given.
 */

/** Long enough for the browser to have read the Blob; revoking at once can cancel a slow start. */
const REVOKE_AFTER_MS = 60_000;

export function downloadFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
