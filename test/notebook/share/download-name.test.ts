import { describe, expect, it } from 'vitest';
import { downloadName } from '../../../notebook/share/download-name.ts';

describe('downloadName', () => {
  it('keeps the notebook’s own name for the file with outputs', () => {
    expect(downloadName('report.ipynb', 'ipynb')).toBe('report.ipynb');
  });

  it('marks the copy without outputs in its name', () => {
    expect(downloadName('report.ipynb', 'ipynb-no-outputs')).toBe('report.no-outputs.ipynb');
  });

  it('names the HTML page after the notebook', () => {
    expect(downloadName('report.ipynb', 'html')).toBe('report.html');
  });
});
