/**
 * Cutting long output text for display. Pure, so it can be tested without a DOM.
 */

/** Cuts text to at most `maxLines` lines and `maxChars` characters; says how much was left out. */
export function truncate(
  text: string,
  maxLines: number,
  maxChars: number,
): { shown: string; hiddenLines: number; hiddenChars: number } {
  let end = Math.min(text.length, maxChars);
  let lines = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10 && ++lines >= maxLines) {
      end = i + 1;
      break;
    }
  }
  if (end >= text.length) return { shown: text, hiddenLines: 0, hiddenChars: 0 };
  const rest = text.slice(end);
  let hiddenLines = 0;
  for (let i = 0; i < rest.length; i++) if (rest.charCodeAt(i) === 10) hiddenLines++;
  if (!rest.endsWith('\n')) hiddenLines++;
  return { shown: text.slice(0, end), hiddenLines: lines >= maxLines ? hiddenLines : 0, hiddenChars: rest.length };
}
