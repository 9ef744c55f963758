/**
 * How the gateway reads each command (py4j-java `commands/*Command.java`):
 * `lines` lines, name and subcommand included, which may hold anything — a
 * method or field may well be named `e` — then, with `args`, tagged values up
 * to the end line. The server takes the line after a fixed-size command as its
 * end without looking at it, so a reader that cut commands at the first `e`
 * line (`a e <id>` is the array length command) would fall out of step with
 * it. Tagged values are never `e` or empty: every tag is a letter other than `e`.
 */
export interface CommandShape {
  lines: number;
  args?: true;
  /** The auth command has no end line (AuthCommand reads the token and stops). */
  noEnd?: true;
}

const fixed = (lines: number): CommandShape => ({ lines });
const withArgs = (lines: number): CommandShape => ({ lines, args: true });

const SHAPES: Readonly<Record<string, CommandShape | Readonly<Record<string, CommandShape>>>> = {
  c: withArgs(3),
  i: withArgs(2),
  p: fixed(2),
  f: { g: fixed(4), s: fixed(5) },
  r: { u: fixed(4), m: fixed(4), c: fixed(3) },
  a: { g: fixed(4), s: fixed(5), l: withArgs(3), e: fixed(3), c: withArgs(3) },
  l: {
    s: fixed(3),
    r: fixed(3),
    x: fixed(3),
    n: fixed(3),
    l: withArgs(3),
    a: fixed(4),
    m: fixed(4),
    i: fixed(4),
    f: fixed(4),
  },
  h: { o: fixed(5), c: fixed(5) },
  d: { f: fixed(3), m: fixed(3), s: fixed(3), v: fixed(4) },
  j: { c: fixed(3), i: fixed(4), r: fixed(4) },
  m: { d: fixed(3) },
  A: { lines: 2, noEnd: true },
};

/** True for a command name the table knows. */
export function isKnownCommand(name: string): boolean {
  return SHAPES[name] !== undefined;
}

/** The shape of a command from its first two lines; undefined for an unknown command or subcommand. */
export function commandShape(name: string, sub: string | undefined): CommandShape | undefined {
  const entry = SHAPES[name];
  if (entry === undefined || 'lines' in entry) return entry as CommandShape | undefined;
  return sub === undefined ? undefined : (entry as Readonly<Record<string, CommandShape>>)[sub];
}

/** True when the command's second line is a subcommand (`f g`, `m d`, …). */
export function hasSubcommands(name: string): boolean {
  const entry = SHAPES[name];
  return entry !== undefined && !('lines' in entry);
}
