/**
 * The kernel's table output: a collection result as its first rows, with the
 * total count. Stored in `.ipynb` files as JSON text under this MIME type,
 * beside `text/plain` for tools that do not know it.
 */
export const TABLE_MIME = 'application/vnd.jvm-notebook.table+json';

export interface TableData {
  columns: string[];
  /** Cells as display text. */
  rows: string[][];
  /** How many rows the value has; `rows` holds the first of them. */
  total: number;
  /** What the table shows: the Java class of a collection. */
  title?: string;
}

/** The table in a MIME bundle's JSON text, or null when it is not a well-formed table. */
export function parseTable(json: string): TableData | null {
  try {
    const value = JSON.parse(json) as Partial<TableData>;
    if (!Array.isArray(value.columns) || !Array.isArray(value.rows)) return null;
    const columns = value.columns.map(String);
    const rows = value.rows.filter(Array.isArray).map((row) => row.map(String));
    const total = typeof value.total === 'number' ? value.total : rows.length;
    return { columns, rows, total, ...(typeof value.title === 'string' ? { title: value.title } : {}) };
  } catch {
    return null;
  }
}
