import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { ApiError } from '../../../notebook/api/errors.ts';
import type { NotebookEntry } from '../../../notebook/api/notebook-api.ts';
import { NotebookUpload, type ClashChoice } from '../../../notebook/share/notebook-upload.ts';

const VALID = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });

/** A folder of the relay's API: PUT with a null base revision creates, and is a conflict on a taken name. */
class FakeFolder {
  readonly files = new Map<string, NotebookDoc>();
  readonly writes: string[] = [];

  constructor(...names: string[]) {
    for (const name of names) this.files.set(name, { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
  }

  async save(name: string, notebook: NotebookDoc, baseRevision: string | null, force = false): Promise<string> {
    if (baseRevision === null && this.files.has(name) && !force)
      throw new ApiError(409, 'E_CONFLICT', `${name} changed`, { currentRevision: 'r1' });
    this.files.set(name, notebook);
    this.writes.push(name);
    return 'r2';
  }

  async list(): Promise<NotebookEntry[]> {
    return [...this.files.keys()].map((name) => ({ name, size: 1, modified: '2026-01-01T00:00:00Z' }));
  }
}

function uploader(folder: FakeFolder, choice: ClashChoice = 'cancel', asked: string[] = []): NotebookUpload {
  return new NotebookUpload({
    api: folder,
    askClash: async (name) => {
      asked.push(name);
      return choice;
    },
  });
}

describe('NotebookUpload', () => {
  it('writes a valid file under its own name', async () => {
    const folder = new FakeFolder();
    const result = await uploader(folder).upload([new File([VALID], 'a.ipynb')]);
    expect(result).toEqual({ written: ['a.ipynb'], refused: [] });
    expect(folder.writes).toEqual(['a.ipynb']);
  });

  it('refuses an invalid file with its name and reason, and writes nothing for it', async () => {
    const folder = new FakeFolder();
    const result = await uploader(folder).upload([new File(['{"nbformat": 4'], 'bad.ipynb')]);
    expect(result.written).toEqual([]);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toMatch(/^bad\.ipynb: invalid JSON/);
    expect(folder.writes).toEqual([]);
  });

  it('refuses a file that is not an .ipynb', async () => {
    const folder = new FakeFolder();
    const result = await uploader(folder).upload([new File([VALID], 'notes.txt')]);
    expect(result.refused).toEqual(['notes.txt: not an .ipynb file']);
    expect(folder.writes).toEqual([]);
  });

  it('refuses a file that is not UTF-8 text', async () => {
    const folder = new FakeFolder();
    const result = await uploader(folder).upload([new File([new Uint8Array([0xff, 0xfe, 0x7b])], 'latin.ipynb')]);
    expect(result.refused).toEqual(['latin.ipynb: the file is not valid UTF-8 text']);
  });

  it('asks on a taken name and keeps both under the first free name', async () => {
    const folder = new FakeFolder('a.ipynb', 'a-1.ipynb');
    const asked: string[] = [];
    const result = await uploader(folder, 'keep-both', asked).upload([new File([VALID], 'a.ipynb')]);
    expect(asked).toEqual(['a.ipynb']);
    expect(result.written).toEqual(['a-2.ipynb']);
    expect(folder.writes).toEqual(['a-2.ipynb']);
  });

  it('replaces the notebook of a taken name when told to', async () => {
    const folder = new FakeFolder('a.ipynb');
    const result = await uploader(folder, 'replace').upload([new File([VALID], 'a.ipynb')]);
    expect(result.written).toEqual(['a.ipynb']);
    expect(folder.writes).toEqual(['a.ipynb']);
  });

  it('writes nothing for a cancelled clash, and goes on with the next file', async () => {
    const folder = new FakeFolder('a.ipynb');
    const result = await uploader(folder, 'cancel').upload([
      new File([VALID], 'a.ipynb'),
      new File([VALID], 'b.ipynb'),
    ]);
    expect(result).toEqual({ written: ['b.ipynb'], refused: [] });
    expect(folder.writes).toEqual(['b.ipynb']);
  });

  it('reports a fault of the relay against the file', async () => {
    const folder = new FakeFolder();
    folder.save = async () => {
      throw new ApiError(413, 'E_TOO_LARGE', 'the notebook is larger than 32 MiB');
    };
    const result = await uploader(folder).upload([new File([VALID], 'big.ipynb')]);
    expect(result.refused).toEqual(['big.ipynb: the notebook is larger than 32 MiB']);
  });
});
