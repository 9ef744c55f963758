/**
 * A Java BigDecimal as it crossed the wire: its exact decimal text. JS has no
 * decimal type, so the value is kept as text rather than rounded to a double.
 */
export class JavaDecimal {
  constructor(readonly text: string) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
      throw new TypeError(`Not a decimal number: ${JSON.stringify(text)}`);
    }
  }

  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}
