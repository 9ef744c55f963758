/**
 * Appending outputs to a running cell without keeping unbounded text: a cell that
 * prints a million lines keeps its first part (enough to read, to save and to
 * reload) and a note of how much was dropped. The view truncates further.
 */
import { appendOutput, type CellOutput } from '../../protocol/outputs.ts';

export const MAX_KEPT_CHARS = 2_000_000;

/** Returns the outputs with `output` appended, stream text capped at `maxChars` per cell. */
export function appendCapped(
  outputs: readonly CellOutput[],
  output: CellOutput,
  maxChars = MAX_KEPT_CHARS,
): CellOutput[] {
  const next = [...outputs];
  if (output.output_type !== 'stream') {
    appendOutput(next, output);
    return next;
  }
  const kept = next.reduce((sum, o) => sum + (o.output_type === 'stream' ? o.text.length : 0), 0);
  if (kept >= maxChars) return outputs as CellOutput[];
  const room = maxChars - kept;
  if (output.text.length <= room) {
    appendOutput(next, output);
    return next;
  }
  appendOutput(next, { ...output, text: output.text.slice(0, room) });
  appendOutput(next, {
    output_type: 'stream',
    name: 'stderr',
    text: `\n[output cut: more than ${maxChars.toLocaleString('en')} characters were printed; the rest was not kept]\n`,
  });
  return next;
}
