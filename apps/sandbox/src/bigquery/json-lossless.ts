/**
 * JSON parsing that keeps the exact text of numbers a double cannot hold (NUMERIC and INT64 values such as
 * `12345678901234567.89` in an NDJSON load or an insertAll body). Node 20's JSON.parse has no source-text access,
 * so lines that contain a run of 16 or more digits go through a small RFC 8259 parser that returns `JsonNumber`
 * for every number; other lines take the native JSON.parse (any decimal of at most 15 significant digits
 * survives the double round trip, RFC 8259 §6).
 */

/** A JSON number as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonInput = null | boolean | string | number | JsonNumber | JsonInput[] | { [key: string]: JsonInput };

const LONG_NUMBER = /(?:\d\.?){16}/;

/** Parses JSON text; numbers that might lose digits come back as `JsonNumber`. Throws SyntaxError like JSON.parse. */
export function parseJsonExact(text: string): JsonInput {
  if (!LONG_NUMBER.test(text)) return JSON.parse(text) as JsonInput;
  return new LosslessParser(text).parseDocument();
}

/** The decimal text of a JSON number (a double's shortest round-trip form, or the text as written). */
export function numberText(value: number | JsonNumber): string {
  return typeof value === 'number' ? String(value) : value.text;
}

/** Plain JSON value of a parsed input (numbers as JS numbers), e.g. to store a JSON column canonically. */
export function toPlainJson(value: JsonInput): unknown {
  if (value instanceof JsonNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class LosslessParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonInput {
    const value = this.value();
    this.ws();
    if (this.pos < this.text.length) this.fail('Unexpected non-whitespace character after JSON');
    return value;
  }

  private fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.pos}`);
  }

  private ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos += 1;
    }
  }

  private value(): JsonInput {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail(`Unexpected token ${c ?? 'end of input'}`);
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  private object(): JsonInput {
    this.pos += 1;
    const out: Record<string, JsonInput> = {};
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('Expected property name');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("Expected ':' after property name");
      this.pos += 1;
      out[key] = this.value();
      this.ws();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === '}') return out;
      if (c !== ',') this.fail("Expected ',' or '}' after property value");
    }
  }

  private array(): JsonInput {
    this.pos += 1;
    const out: JsonInput[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ']') return out;
      if (c !== ',') this.fail("Expected ',' or ']' after array element");
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos += 1;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('Unterminated string');
      if (c === '\\') this.pos += 2;
      else if (c === '"') break;
      else this.pos += 1;
    }
    this.pos += 1;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }
}
