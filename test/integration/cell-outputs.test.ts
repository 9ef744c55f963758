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

describe('display of a failed Java call', () => {
  it("shows the error in the display's place and lets the cell go on", async () => {
    const r = await s.run("display(jvm.java.lang.Integer.parseInt('x')); console.log('after')");
    expect(r.status).toBe('ok');
    expect(r.outputs.map((o) => o.output_type)).toEqual(['error', 'stream']);
    expect(r.outputs[0]).toMatchObject({ ename: 'java.lang.NumberFormatException' });
  });
});

describe('console.log', () => {
  it('shows a Java object as its class and toString(), before the lines logged after it', async () => {
    const r = await s.run(
      "const d = await jvm.java.time.DayOfWeek.MONDAY; console.log('day', d); console.log('x'); console.log(d)",
    );
    expect(r.status).toBe('ok');
    expect(r.stdout).toBe('day java.time.DayOfWeek: MONDAY\nx\njava.time.DayOfWeek: MONDAY\n');
  });

  it('shows Java objects inside arrays and records', async () => {
    const r = await s.run(
      "const day = await jvm.java.time.DayOfWeek.FRIDAY; const list = await new jvm.java.util.ArrayList(); await list.add('a'); console.log([day, { list }])",
    );
    expect(r.stdout).toBe('[ java.time.DayOfWeek: FRIDAY, { list: java.util.ArrayList: [a] } ]\n');
  });

  it('shows Java objects logged to stderr in their place among the other outputs', async () => {
    const r = await s.run(
      "console.log('first'); console.error('now', await jvm.java.time.DayOfWeek.SUNDAY); console.log('after')",
    );
    const streams = r.outputs.map((o) => (o.output_type === 'stream' ? `${o.name}: ${o.text}` : o.output_type));
    expect(streams).toEqual(['stdout: first\n', 'stderr: now java.time.DayOfWeek: SUNDAY\n', 'stdout: after\n']);
  });
});
