/**
 * Remembers, per call site shape, which Java signature a call needed, and
 * fetches candidate signatures from the JVM (once per class) when the server
 * rejects a call. See overloads.ts for the matching rules.
 */
import {
  arrayGetCommand,
  arrayLengthCommand,
  callCommand,
  javaLangClassCommand,
  type Answer,
  type WireArg,
} from '../../protocol/py4j/index.ts';
import { JavaError } from './errors.ts';
import type { CallTarget, GatewayClient } from './gateway-client.ts';
import { commandFor } from './gateway-client.ts';
import {
  chooseOverload,
  describeArgs,
  fitSignature,
  parseSignatures,
  rangeProblem,
  shapeKey,
  type Fit,
  type Signature,
} from './overloads.ts';

export class OverloadCache {
  private readonly decisions = new Map<string, Signature>();
  private readonly signatures = new Map<string, Promise<Signature[]>>();

  constructor(private readonly client: GatewayClient) {}

  /** A fit from an earlier decision for the same call shape, if it still applies. */
  remembered(target: CallTarget, wire: readonly WireArg[]): Fit | null {
    if (this.decisions.size === 0) return null;
    const signature = this.decisions.get(decisionKey(target, wire));
    return signature ? fitSignature(signature, wire) : null;
  }

  /** The command text for a fit, packing varargs into a Java array first. */
  async encode(target: CallTarget, fit: Fit): Promise<string> {
    const args = [...fit.fixed];
    if (fit.packed) args.push(await this.client.packArray(fit.packed.componentType, fit.packed.elements));
    return commandFor(target, args);
  }

  /** Called when the server found no method for the natural encoding. */
  async retry(target: CallTarget, wire: WireArg[], serverMessage: string): Promise<unknown> {
    const { fqn, candidates } = await this.candidates(target);
    const name = target.kind === 'new' ? null : target.method;
    const fit = chooseOverload(candidates, name, wire);
    const what = target.kind === 'new' ? `new ${fqn}` : `${fqn}.${target.method}`;
    if (!fit) {
      const outOfRange = rangeProblem(candidates, name, wire);
      if (outOfRange) throw outOfRange;
      const listed = candidates
        .filter((s) => name === null || s.name === name)
        .map((s) => `${s.name}(${s.params.join(', ')})`);
      throw new JavaError({
        javaClass: 'py4j.Py4JException',
        message:
          listed.length === 0
            ? `${what} does not exist (no public ${target.kind === 'new' ? 'constructor' : 'method'} of that name).`
            : `No overload of ${what} accepts ${describeArgs(wire)}. Candidates: ${listed.join('; ')}.`,
        javaStackTrace: serverMessage,
      });
    }
    this.decisions.set(decisionKey(target, wire), fit.signature);
    return this.client.settle(await this.client.request(await this.encode(target, fit)));
  }

  private async candidates(target: CallTarget): Promise<{ fqn: string; candidates: Signature[] }> {
    const kind = target.kind === 'new' ? 'getConstructors' : 'getMethods';
    if (target.kind !== 'object') {
      const key = `${kind}:${target.fqn}`;
      let sigs = this.signatures.get(key);
      if (!sigs) {
        sigs = this.classRef(javaLangClassCommand(target.fqn)).then((id) => this.readSignatures(id, kind));
        sigs.catch(() => this.signatures.delete(key));
        this.signatures.set(key, sigs);
      }
      return { fqn: target.fqn, candidates: await sigs };
    }
    const classId = await this.classRef(callCommand(target.ref.id, 'getClass', []));
    const nameAnswer = await this.client.request(callCommand(classId, 'getName', []));
    const fqn = nameAnswer.type === 'value' && nameAnswer.value.kind === 'string' ? nameAnswer.value.value : '?';
    const key = `${kind}:${fqn}`;
    let sigs = this.signatures.get(key);
    if (!sigs) {
      sigs = this.readSignatures(classId, kind);
      this.signatures.set(key, sigs);
    } else {
      this.release(classId);
    }
    return { fqn, candidates: await sigs };
  }

  private async classRef(command: string): Promise<string> {
    const answer = await this.client.request(command);
    if (answer.type !== 'value' || answer.value.kind !== 'ref') return this.fail(answer);
    return answer.value.id;
  }

  /**
   * The public signatures of a class, as `Method#toString()` texts. The stock
   * server cannot pass a `Method[]` where `Object[]` is expected, so the array
   * is read element by element, each step pipelined: four round trips per class.
   */
  private async readSignatures(classId: string, kind: 'getMethods' | 'getConstructors'): Promise<Signature[]> {
    const temporaries = [classId];
    try {
      const arrayId = await this.classRef(callCommand(classId, kind, []));
      temporaries.push(arrayId);
      const length = await this.client.request(arrayLengthCommand(arrayId));
      const n = length.type === 'value' && length.value.kind === 'int' ? length.value.value : 0;
      const members = await Promise.all(
        Array.from({ length: n }, (_, i) => this.client.request(arrayGetCommand(arrayId, i))),
      );
      const ids = members.flatMap((m) => (m.type === 'value' && m.value.kind === 'ref' ? [m.value.id] : []));
      temporaries.push(...ids);
      const texts = await Promise.all(ids.map((id) => this.client.request(callCommand(id, 'toString', []))));
      return parseSignatures(
        texts.map((t) => (t.type === 'value' && t.value.kind === 'string' ? t.value.value : '')).join('\n'),
      );
    } finally {
      for (const id of temporaries) this.release(id);
    }
  }

  private release(id: string): void {
    this.client.releaseId(id);
  }

  private async fail(answer: Answer): Promise<never> {
    await this.client.settle(answer);
    throw new JavaError({
      javaClass: 'py4j.Py4JException',
      message: `Could not read method signatures (answer ${answer.type}).`,
      javaStackTrace: '',
    });
  }
}

function decisionKey(target: CallTarget, wire: readonly WireArg[]): string {
  const site =
    target.kind === 'object'
      ? `o:${target.method}`
      : target.kind === 'static'
        ? `s:${target.fqn}.${target.method}`
        : `n:${target.fqn}`;
  return `${site}|${shapeKey(wire)}`;
}
