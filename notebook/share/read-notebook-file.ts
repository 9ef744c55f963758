/**
 * A file the user picked or dropped, read and checked as a notebook before
 * anything is written: it must be an `.ipynb` of UTF-8 text that
 * protocol/notebook-file.ts accepts. The content is only data: nothing in it
 * runs, here or when the notebook is opened.
 */
import { NotebookFormatError, parseNotebook, type NotebookDoc } from '../../protocol/notebook-file.ts';

const EXTENSION = '.ipynb';

/** Reads a file as a notebook; rejects with a NotebookFormatError whose message names the file and the problem. */
export async function readNotebookFile(file: Blob & { readonly name: string }): Promise<NotebookDoc> {
  if (!file.name.endsWith(EXTENSION)) throw new NotebookFormatError(file.name, 'not an .ipynb file');
  let text: string;
  try {
    // Fatal decoding, as the relay reads files: a file that is not UTF-8 is refused, not mangled.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch (error) {
    throw new NotebookFormatError(file.name, 'the file is not valid UTF-8 text', { cause: error });
  }
  return parseNotebook(text, file.name);
}
