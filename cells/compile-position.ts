import { transform, type Options as SucraseOptions } from 'sucrase';

/**
 * Positions for compile errors: offsets to lines and columns, and offsets in sucrase's
 * output back to the TypeScript source through sucrase's source map.
 */

/** 1-based line and column of an offset, counting line terminators as JavaScript does. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const terminator = /\r\n?|[\n\u2028\u2029]/g;
  for (let match = terminator.exec(text); match !== null && match.index < offset; match = terminator.exec(text)) {
    line++;
    lineStart = match.index + match[0].length;
  }
  return { line, column: Math.max(0, offset - lineStart) + 1 };
}

/**
 * Maps an offset in sucrase's output to the TypeScript source. Lines are identical; within
 * a line, sucrase's source map has a segment at each token, so the offset is taken relative
 * to the nearest token at or before it. Only used to report errors, so the map is computed
 * on demand, with the options `code` was produced with.
 */
export function tsOffsetOf(source: string, code: string, jsOffset: number, options: SucraseOptions): number {
  const jsLineStart = code.lastIndexOf('\n', jsOffset - 1) + 1;
  const line = countNewlines(code, jsLineStart);
  const jsColumn = jsOffset - jsLineStart;
  const { sourceMap } = transform(source, {
    ...options,
    filePath: 'cell.ts',
    sourceMapOptions: { compiledFilename: 'cell.js' },
  });
  let sourceColumn = jsColumn;
  if (sourceMap !== undefined) {
    for (const [generated, original] of decodeLineSegments(sourceMap.mappings, line)) {
      if (generated > jsColumn) break;
      sourceColumn = original + (jsColumn - generated);
    }
  }
  let tsLineStart = 0;
  for (let i = 0; i < line; i++) tsLineStart = source.indexOf('\n', tsLineStart) + 1;
  const tsLineEnd = source.indexOf('\n', tsLineStart);
  return Math.min(tsLineStart + sourceColumn, tsLineEnd === -1 ? source.length : tsLineEnd);
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * [generated column, original column] of each segment on one line of a source map's
 * `mappings` (https://sourcemaps.info/spec.html). Original columns are relative to the
 * previous segment across lines, so every earlier line is decoded too.
 */
function decodeLineSegments(mappings: string, targetLine: number): Array<[number, number]> {
  const lines = mappings.split(';');
  let originalColumn = 0;
  let result: Array<[number, number]> = [];
  for (let line = 0; line <= targetLine && line < lines.length; line++) {
    let generatedColumn = 0;
    const segments: Array<[number, number]> = [];
    for (const segment of lines[line]!.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        originalColumn += fields[3]!;
        segments.push([generatedColumn, originalColumn]);
      }
    }
    if (line === targetLine) result = segments;
  }
  return result;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
