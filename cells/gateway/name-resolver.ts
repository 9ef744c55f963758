/**
 * Resolves dotted names to packages, classes and static members, once per
 * JVM. Every prefix of a name is asked about in one pipelined batch (one round
 * trip), and each answer is cached: classes and packages do not change while
 * the JVM lives. Static field values are never cached.
 */
import { reflectNameCommand, type Answer } from '../../protocol/py4j/index.ts';
import { GatewayProtocolError } from './errors.ts';

export type NameKind = { kind: 'package' } | { kind: 'class'; fqn: string };

export type Resolution =
  | { kind: 'package' }
  | { kind: 'class'; fqn: string }
  /** `member` of class `classFqn`: a static field, a static method or an inner class. */
  | { kind: 'member'; classFqn: string; member: string };

export type Requester = (command: string) => Promise<Answer>;

export class NameResolver {
  private readonly kinds = new Map<string, Promise<NameKind>>();
  private readonly innerClasses = new Map<string, string>();

  constructor(private readonly request: Requester) {}

  /** Known class names, for tests and statistics. */
  get cachedNames(): number {
    return this.kinds.size;
  }

  async resolve(name: string): Promise<Resolution> {
    const inner = this.innerClasses.get(name);
    if (inner !== undefined) return { kind: 'class', fqn: inner };
    const segments = name.split('.');
    // Ask about every prefix at once so that the answers share one round trip.
    const prefixes = segments.map((_, i) => this.kindOf(segments.slice(0, i + 1).join('.')));
    const kinds = await Promise.all(prefixes);
    const full = kinds[kinds.length - 1]!;
    if (full.kind === 'class') return full;
    const firstClass = kinds.findIndex((k) => k.kind === 'class');
    if (firstClass < 0) return { kind: 'package' };
    let fqn = (kinds[firstClass] as { fqn: string }).fqn;
    // Segments between the class and the last one can only be inner classes.
    for (let i = firstClass + 1; i < segments.length - 1; i++) fqn = `${fqn}$${segments[i]}`;
    return { kind: 'member', classFqn: fqn, member: segments[segments.length - 1]! };
  }

  /** Records that a member name turned out to be an inner class. */
  rememberInnerClass(name: string, fqn: string): void {
    this.innerClasses.set(name, fqn);
  }

  private kindOf(name: string): Promise<NameKind> {
    let kind = this.kinds.get(name);
    if (!kind) {
      kind = this.request(reflectNameCommand(name)).then((answer) => {
        if (answer.type === 'class') return { kind: 'class', fqn: answer.fqn } as const;
        if (answer.type === 'package') return { kind: 'package' } as const;
        throw new GatewayProtocolError(`Unexpected answer resolving ${name}: ${answer.type}`);
      });
      kind.catch(() => this.kinds.delete(name));
      this.kinds.set(name, kind);
    }
    return kind;
  }
}
