import { describe, expect, it } from 'vitest';
import {
  NotebookFormatError,
  newNotebook,
  parseNotebook,
  serializeNotebook,
  type CodeCell,
  type NotebookDoc,
} from '../../protocol/notebook-file.ts';

/** Written by nbformat 5.11.1 (`nbformat.write`), i.e. exactly what Jupyter saves. */
const JUPYTER_NOTEBOOK = `${String.raw`{
 "cells": [
  {
   "attachments": {
    "logo.png": {
     "image/png": "iVBORw0KGgo="
    }
   },
   "cell_type": "markdown",
   "id": "intro-md",
   "metadata": {
    "tags": [
     "header"
    ]
   },
   "source": [
    "# Héllo JVM ☕\n",
    "\n",
    "Some *text* ![logo](attachment:logo.png)"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "c0ffee01",
   "metadata": {
    "collapsed": false,
    "execution": {
     "iopub.execute_input": "2024-05-01T10:00:00.000Z"
    },
    "jupyter": {
     "source_hidden": false
    },
    "scrolled": true
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "out\n",
      "more\n"
     ]
    },
    {
     "name": "stderr",
     "output_type": "stream",
     "text": [
      "err\n"
     ]
    },
    {
     "data": {
      "application/json": {
       "a": 1,
       "nested": {
        "y": null,
        "z": [
         1,
         2
        ]
       }
      },
      "image/png": "iVBORw0KGgoAAAANSUhEUg==\n",
      "text/plain": [
       "{'a': 1}\n",
       "{'b': 2}"
      ]
     },
     "execution_count": 3,
     "metadata": {
      "application/json": {
       "expanded": false
      }
     },
     "output_type": "execute_result"
    },
    {
     "data": {
      "image/svg+xml": [
       "<svg>\n",
       "</svg>"
      ],
      "text/html": [
       "<b>bold</b>\n",
       "<i>it</i>\n"
      ]
     },
     "metadata": {},
     "output_type": "display_data"
    },
    {
     "ename": "ValueError",
     "evalue": "bad value",
     "output_type": "error",
     "traceback": [
      "\u001b[0;31mValueError\u001b[0m",
      "Traceback line 2"
     ]
    }
   ],
   "source": [
    "import sys\n",
    "print('out')\n",
    "print('err', file=sys.stderr)\n",
    "{'a': 1}"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "empty-code",
   "metadata": {},
   "outputs": [],
   "source": []
  },
  {
   "cell_type": "raw",
   "id": "raw_1",
   "metadata": {
    "format": "text/x-rst"
   },
   "source": [
    "raw text\n",
    "line 2\n"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3 (ipykernel)",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "codemirror_mode": {
    "name": "ipython",
    "version": 3
   },
   "file_extension": ".py",
   "mimetype": "text/x-python",
   "name": "python",
   "version": "3.12.4"
  },
  "toc-autonumbering": true,
  "vscode": {
   "interpreter": {
    "hash": "ab12"
   }
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}`}\n`;

function sequentialIds() {
  let next = 0;
  return () => `gen-${++next}`;
}

function formatError(text: string, fileName = 'demo.ipynb'): NotebookFormatError {
  try {
    parseNotebook(text, fileName);
  } catch (error) {
    if (error instanceof NotebookFormatError) return error;
    throw error;
  }
  throw new Error('expected a NotebookFormatError');
}

/** A minimal valid notebook with the given cells, as file text. */
function notebookWith(cells: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra });
}

describe('parseNotebook', () => {
  it('joins source and output lines into single strings', () => {
    const doc = parseNotebook(JUPYTER_NOTEBOOK, 'demo.ipynb');
    expect(doc.cells.map((cell) => cell.cell_type)).toEqual(['markdown', 'code', 'code', 'raw']);
    expect(doc.cells[0]!.source).toBe('# Héllo JVM ☕\n\nSome *text* ![logo](attachment:logo.png)');
    const code = doc.cells[1] as CodeCell;
    expect(code).toMatchObject({ id: 'c0ffee01', execution_count: 3 });
    expect(code.source).toBe("import sys\nprint('out')\nprint('err', file=sys.stderr)\n{'a': 1}");
    expect(code.outputs[0]).toEqual({ output_type: 'stream', name: 'stdout', text: 'out\nmore\n' });
    expect(code.outputs[2]).toMatchObject({
      output_type: 'execute_result',
      execution_count: 3,
      data: { 'text/plain': "{'a': 1}\n{'b': 2}", 'image/png': 'iVBORw0KGgoAAAANSUhEUg==\n' },
    });
    expect(code.outputs[4]).toEqual({
      output_type: 'error',
      ename: 'ValueError',
      evalue: 'bad value',
      traceback: ['\u001b[0;31mValueError\u001b[0m', 'Traceback line 2'],
    });
  });

  it('holds JSON mime data as JSON text', () => {
    const code = parseNotebook(JUPYTER_NOTEBOOK, 'demo.ipynb').cells[1] as CodeCell;
    const result = code.outputs[2];
    expect(result?.output_type).toBe('execute_result');
    if (result?.output_type !== 'execute_result') return;
    expect(JSON.parse(result.data['application/json']!)).toEqual({ a: 1, nested: { y: null, z: [1, 2] } });
  });

  it('keeps unknown metadata and cell fields', () => {
    const doc = parseNotebook(JUPYTER_NOTEBOOK, 'demo.ipynb');
    expect(doc.metadata['vscode']).toEqual({ interpreter: { hash: 'ab12' } });
    expect(doc.cells[0]).toMatchObject({ attachments: { 'logo.png': { 'image/png': 'iVBORw0KGgo=' } } });
    expect(doc.cells[1]!.metadata).toMatchObject({ scrolled: true, jupyter: { source_hidden: false } });
  });

  it('gives cells of an nbformat 4.4 notebook fresh ids', () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [
        { cell_type: 'code', source: 'a', metadata: {}, outputs: [], execution_count: null },
        { cell_type: 'markdown', source: ['b'], metadata: {} },
      ],
    });
    const doc = parseNotebook(text, 'old.ipynb', { newId: sequentialIds() });
    expect(doc.cells.map((cell) => cell.id)).toEqual(['gen-1', 'gen-2']);
    expect(doc.nbformat_minor).toBe(4);
  });

  it('makes random ids of at least 8 characters by default', () => {
    const doc = parseNotebook(notebookWith([{ cell_type: 'raw', source: '', metadata: {} }]), 'x.ipynb');
    expect(doc.cells[0]!.id).toMatch(/^[0-9a-f]{8,}$/);
  });

  it('replaces a duplicated cell id instead of failing, as nbformat does', () => {
    const cell = { id: 'same', cell_type: 'markdown', source: '', metadata: {} };
    const doc = parseNotebook(notebookWith([cell, cell]), 'dup.ipynb', { newId: sequentialIds() });
    expect(doc.cells.map((c) => c.id)).toEqual(['same', 'gen-1']);
  });

  it('fills in what an otherwise valid code cell may omit', () => {
    const doc = parseNotebook(notebookWith([{ id: 'c1', cell_type: 'code', source: 'x' }]), 'lean.ipynb');
    expect(doc.cells[0]).toEqual({
      id: 'c1',
      cell_type: 'code',
      source: 'x',
      metadata: {},
      outputs: [],
      execution_count: null,
    });
  });
});

describe('serializeNotebook', () => {
  it('writes a Jupyter-written notebook back byte for byte', () => {
    expect(serializeNotebook(parseNotebook(JUPYTER_NOTEBOOK, 'demo.ipynb'))).toBe(JUPYTER_NOTEBOOK);
  });

  it('keeps unknown top-level fields through a round trip', () => {
    const text = notebookWith([], { 'x-tool': { version: 2 } });
    const written = JSON.parse(serializeNotebook(parseNotebook(text, 'x.ipynb')));
    expect(written['x-tool']).toEqual({ version: 2 });
  });

  it('splits source and stream text into lines that keep their line endings', () => {
    const doc: NotebookDoc = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          id: 'a1',
          cell_type: 'code',
          source: 'const a = 1\r\nconst b = 2\n\na + b',
          metadata: {},
          outputs: [{ output_type: 'stream', name: 'stdout', text: 'progress 10%\rprogress 100%\ndone\n' }],
          execution_count: 1,
        },
      ],
    };
    const cell = JSON.parse(serializeNotebook(doc)).cells[0];
    expect(cell.source).toEqual(['const a = 1\r\n', 'const b = 2\n', '\n', 'a + b']);
    expect(cell.outputs[0].text).toEqual(['progress 10%\r', 'progress 100%\n', 'done\n']);
  });

  it('writes nbformat 4.5 with a one-space indent, sorted keys and a trailing newline', () => {
    const text = serializeNotebook(newNotebook({ newId: sequentialIds() }));
    expect(text).toBe(
      [
        '{',
        ' "cells": [',
        '  {',
        '   "cell_type": "code",',
        '   "execution_count": null,',
        '   "id": "gen-1",',
        '   "metadata": {},',
        '   "outputs": [],',
        '   "source": []',
        '  }',
        ' ],',
        ' "metadata": {',
        '  "kernelspec": {',
        '   "display_name": "TypeScript (JVM)",',
        '   "language": "typescript",',
        '   "name": "jvm-notebook"',
        '  },',
        '  "language_info": {',
        '   "file_extension": ".ts",',
        '   "name": "typescript"',
        '  }',
        ' },',
        ' "nbformat": 4,',
        ' "nbformat_minor": 5',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('adds a TypeScript kernelspec and language_info only when absent', () => {
    const doc = parseNotebook(notebookWith([], { metadata: { authors: ['ada'] } }), 'x.ipynb');
    expect(JSON.parse(serializeNotebook(doc)).metadata).toEqual({
      authors: ['ada'],
      kernelspec: { name: 'jvm-notebook', display_name: 'TypeScript (JVM)', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts' },
    });
    const python = JSON.parse(serializeNotebook(parseNotebook(JUPYTER_NOTEBOOK, 'demo.ipynb'))).metadata;
    expect(python.kernelspec.name).toBe('python3');
  });

  it('upgrades an nbformat 4.4 notebook to 4.5', () => {
    const text = JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: [] });
    expect(JSON.parse(serializeNotebook(parseNotebook(text, 'old.ipynb'))).nbformat_minor).toBe(5);
  });

  it('writes JSON mime data as JSON and leaves non-text data unsplit', () => {
    const doc = newNotebook();
    const cell = doc.cells[0] as CodeCell;
    cell.outputs = [
      {
        output_type: 'display_data',
        data: { 'application/vnd.custom+json': '{"b":1,"a":[true]}', 'image/png': 'AAAA\nBBBB', 'text/plain': 'x\ny' },
        metadata: {},
      },
    ];
    const data = JSON.parse(serializeNotebook(doc)).cells[0].outputs[0].data;
    expect(data).toEqual({
      'application/vnd.custom+json': { a: [true], b: 1 },
      'image/png': 'AAAA\nBBBB',
      'text/plain': ['x\n', 'y'],
    });
  });

  it('drops code-only fields from a cell whose type was changed to markdown', () => {
    const doc = newNotebook();
    doc.cells[0] = { ...(doc.cells[0] as CodeCell), cell_type: 'markdown' } as unknown as NotebookDoc['cells'][number];
    const cell = JSON.parse(serializeNotebook(doc)).cells[0];
    expect(cell).not.toHaveProperty('outputs');
    expect(cell).not.toHaveProperty('execution_count');
  });
});

describe('newNotebook', () => {
  it('has one empty code cell', () => {
    const doc = newNotebook({ newId: () => 'only' });
    expect(doc.cells).toEqual([
      { id: 'only', cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null },
    ]);
    expect(doc).toMatchObject({ nbformat: 4, nbformat_minor: 5 });
  });

  it('survives a round trip', () => {
    const doc = newNotebook();
    expect(parseNotebook(serializeNotebook(doc), 'new.ipynb')).toEqual(doc);
  });
});

describe('parseNotebook errors', () => {
  it('reports invalid JSON with its line and column', () => {
    const error = formatError('{\n "nbformat": 4,\n "cells": [,]\n}');
    expect(error).toMatchObject({
      name: 'NotebookFormatError',
      code: 'E_NOTEBOOK_FORMAT',
      fileName: 'demo.ipynb',
      line: 3,
      column: 12,
    });
    expect(error.message).toBe(`demo.ipynb: invalid JSON at line 3, column 12: unexpected character ","`);
  });

  it('reports a truncated file', () => {
    expect(formatError('{\n "cells": [\n').message).toBe(
      'demo.ipynb: invalid JSON at line 3, column 1: unexpected end of file',
    );
  });

  it('rejects a top level that is not an object', () => {
    expect(formatError('[]').message).toBe('demo.ipynb: expected a JSON object at the top level, found array');
  });

  it('rejects a file without nbformat', () => {
    expect(formatError('{"cells": []}').message).toMatch(/^demo\.ipynb: "nbformat" is missing/);
  });

  it('rejects nbformat 3', () => {
    expect(formatError('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}').message).toMatch(
      /^demo\.ipynb: nbformat 3 is not supported \(expected 4\)/,
    );
  });

  it('rejects cells that are not an array', () => {
    expect(formatError(notebookWith([], { cells: {} })).message).toBe(
      'demo.ipynb: "cells" must be an array, found object',
    );
  });

  it('names the cell with an unknown cell_type', () => {
    const cells = [
      { cell_type: 'markdown', source: '', metadata: {} },
      { cell_type: 'raw', source: '', metadata: {} },
      { cell_type: 'foo', source: '', metadata: {} },
    ];
    expect(formatError(notebookWith(cells)).message).toBe('demo.ipynb: cell 3 has unknown cell_type "foo"');
  });

  it('names the cell whose source is neither a string nor lines', () => {
    expect(formatError(notebookWith([{ cell_type: 'code', source: 42, metadata: {} }])).message).toBe(
      'demo.ipynb: cell 1: "source" must be a string or an array of strings, found number',
    );
    expect(formatError(notebookWith([{ cell_type: 'markdown', metadata: {} }])).message).toBe(
      'demo.ipynb: cell 1: "source" must be a string or an array of strings, found nothing',
    );
  });

  it('names the cell and output with an unknown output_type', () => {
    const cells = [
      {
        cell_type: 'code',
        source: '',
        metadata: {},
        outputs: [{ output_type: 'stream', name: 'stdout', text: '' }, { output_type: 'pyout' }],
      },
    ];
    expect(formatError(notebookWith(cells)).message).toBe(
      'demo.ipynb: cell 1, output 2 has unknown output_type "pyout"',
    );
  });

  it('rejects malformed outputs', () => {
    const withOutput = (output: unknown) => notebookWith([{ cell_type: 'code', source: '', outputs: [output] }]);
    expect(formatError(withOutput({ output_type: 'stream', name: 'stdin', text: '' })).message).toBe(
      'demo.ipynb: cell 1, output 1: stream "name" must be "stdout" or "stderr", found "stdin"',
    );
    expect(formatError(withOutput({ output_type: 'error', ename: 'E', evalue: 1, traceback: [] })).message).toBe(
      'demo.ipynb: cell 1, output 1: "evalue" must be a string, found number',
    );
    expect(formatError(withOutput({ output_type: 'display_data', data: { 'text/plain': 5 } })).message).toBe(
      'demo.ipynb: cell 1, output 1: "data" "text/plain" must be a string or an array of strings, found number',
    );
  });

  it('rejects an invalid cell id and execution count', () => {
    expect(formatError(notebookWith([{ id: 'has space', cell_type: 'raw', source: '' }])).message).toMatch(
      /^demo\.ipynb: cell 1 has an invalid id "has space"/,
    );
    expect(formatError(notebookWith([{ cell_type: 'code', source: '', execution_count: -1 }])).message).toBe(
      'demo.ipynb: cell 1: "execution_count" must be a non-negative integer or null, found -1',
    );
  });
});
