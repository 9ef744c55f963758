/**
 * Where in a cell's source the user clicked its static code: the character offset
 * under a point of the page. The static code is the source as text, or Monaco's
 * colourised HTML of it, where each line break is a `<br>`; both are measured the
 * same way, counting a `<br>` as the `\n` it stands for.
 */
export function sourceOffsetAtPoint(code: HTMLElement, x: number, y: number): number | null {
  const caret = caretAtPoint(x, y);
  if (!caret || !code.contains(caret.node)) return null;
  const before = document.createRange();
  before.setStart(code, 0);
  before.setEnd(caret.node, caret.offset);
  return textLength(before.cloneContents());
}

function textLength(node: Node): number {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent?.length ?? 0;
  if (node.nodeName === 'BR') return 1;
  let length = 0;
  for (const child of node.childNodes) length += textLength(child);
  return length;
}

function caretAtPoint(x: number, y: number): { node: Node; offset: number } | null {
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = document.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = document.caretRangeFromPoint(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}
