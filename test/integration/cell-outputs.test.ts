/**
 * The order and content of a cell's outputs when some of them need Java round
 * trips (displays, console.log of Java objects), against a real JVM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type KernelSession, type Stack } from '../support/stack.ts';
import type { CellOutput } from '../../protocol/outputs.ts';

let stack: Stack;
let s: KernelSession;

beforeAll(async () => {
  stack = await startStack();
  s = await stack.connect();
});

afterAll(async () => {
  await stack?.close();
});

function texts(outputs: CellOutput[]): string[] {
  return outputs.map((o) =>
    o.output_type === 'stream' ? o.text : o.output_type === 'display_data' ? (o.data['text/plain'] ?? '') : '',
  );
}

describe('display', () => {
  for (const awaited of [true, false]) {
    it(`shows displays and logs in call order ${awaited ? 'when awaited' : 'without await'}`, async () => {
      const a = awaited ? 'await ' : '';
      const r = await s.run(
        [
          `${a}display(await new jvm.java.util.ArrayList());`,
          "console.log('between');",
          `${a}display(jvm.java.lang.System.getProperties());`,
          `${a}display('last');`,
        ].join('\n'),
      );
      expect(r.status).toBe('ok');
      const shown = texts(r.outputs);
      expect(shown).toHaveLength(4);
      expect(shown[0]).toBe('java.util.ArrayList: []');
      expect(shown[1]).toBe('between\n');
      expect(shown[2]).toMatch(/^java.util.Properties: \{.+\}$/s);
      expect(shown[3]).toBe("'last'");
    });
  }
});
