/**
 * Py4J's string escaping (StringUtil.escape/unescape in the Java server):
 * backslash, carriage return and newline are escaped so that one value always
 * fits on one protocol line.
 */
export function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** Inverse of {@link escapeString}; an unknown escape keeps the escaped char, as the server does. */
export function unescapeString(escaped: string): string {
  if (!escaped.includes('\\')) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= escaped.length) break;
    const next = escaped[i];
    out += next === 'n' ? '\n' : next === 'r' ? '\r' : next;
  }
  return out;
}
