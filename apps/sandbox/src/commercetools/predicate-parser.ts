/**
 * Parser of commercetools Query Predicates (raml/traits/query.raml: `where` is a `QueryPredicate[]`, input variables
 * come as `var.<name>` and are referenced as `:<name>`). The subset the sandbox understands:
 *   expr     := and ('or' and)*
 *   and      := unary ('and' unary)*
 *   unary    := 'not' '(' expr ')' | '(' expr ')' | field
 *   field    := name ( op value | ['not'] 'in' list | 'is' ['not'] ('defined' | 'empty')
 *                    | 'contains' ['any' | 'all'] (value | list) | '(' expr ')' )
 *   list     := '(' value (',' value)* ')' | :variable   (a repeated `var.<name>` gives several values)
 *   op       := '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='
 *   value    := "string" | number | true | false | :variable
 * Nested paths are written with parentheses, e.g. `store(key = "no")`, `paymentInfo(payments(id = "…"))`.
 * Keywords are case-insensitive. A syntax error throws `PredicateSyntaxError` with the 1-based column.
 */

export type Literal = string | number | boolean;
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type FieldTest =
  | { kind: 'compare'; op: ComparisonOp; value: Literal }
  | { kind: 'in'; values: Literal[]; isNegated: boolean }
  | { kind: 'defined'; isNegated: boolean }
  | { kind: 'empty'; isNegated: boolean }
  | { kind: 'contains'; mode: 'one' | 'any' | 'all'; values: Literal[] }
  | { kind: 'nested'; predicate: Predicate };

export type Predicate =
  | { kind: 'and' | 'or'; left: Predicate; right: Predicate }
  | { kind: 'not'; inner: Predicate }
  | { kind: 'field'; name: string; test: FieldTest };

export class PredicateSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

type Token = { type: 'name' | 'string' | 'number' | 'var' | 'op' | 'punct' | 'end'; text: string; value?: Literal; column: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const column = i + 1;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: 'punct', text: c, column });
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < input.length && input.charAt(j) !== '"') {
        if (input.charAt(j) === '\\' && j + 1 < input.length) j += 1;
        text += input.charAt(j);
        j += 1;
      }
      if (j >= input.length) throw new PredicateSyntaxError(`Invalid input '${input.slice(i)}', expected closing '"'`, column);
      tokens.push({ type: 'string', text: input.slice(i, j + 1), value: text, column });
      i = j + 1;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i));
      if (!m) throw new PredicateSyntaxError(`Invalid input '${c}', expected number`, column);
      tokens.push({ type: 'number', text: m[0], value: Number(m[0]), column });
      i += m[0].length;
    } else if (c === ':') {
      const m = /^:([A-Za-z0-9_]+)/.exec(input.slice(i));
      if (!m?.[1]) throw new PredicateSyntaxError(`Invalid input ':', expected variable name`, column);
      tokens.push({ type: 'var', text: m[1], column });
      i += m[0].length;
    } else if (/[=!<>]/.test(c)) {
      const m = /^(!=|<>|<=|>=|=|<|>)/.exec(input.slice(i));
      if (!m) throw new PredicateSyntaxError(`Invalid input '${c}', expected comparison operator`, column);
      tokens.push({ type: 'op', text: m[0] === '<>' ? '!=' : m[0], column });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ type: 'name', text, column });
      i += text.length;
    } else {
      throw new PredicateSyntaxError(`Invalid input '${c}'`, column);
    }
  }
  tokens.push({ type: 'end', text: '', column: input.length + 1 });
  return tokens;
}

/** Parses one predicate; `vars` holds the `var.<name>` query parameters (repeated ones give several values). */
export function parsePredicate(input: string, vars: ReadonlyMap<string, readonly string[]> = new Map()): Predicate {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { type: 'end', text: '', column: input.length + 1 };
  const next = (): Token => {
    const t = peek();
    pos += 1;
    return t;
  };
  const isKeyword = (t: Token, word: string): boolean => t.type === 'name' && t.text.toLowerCase() === word;
  const fail = (t: Token, expected: string): never => {
    throw new PredicateSyntaxError(`Invalid input '${t.type === 'end' ? 'EOI' : t.text}', expected ${expected}`, t.column);
  };
  const expectPunct = (p: string): void => {
    const t = next();
    if (t.type !== 'punct' || t.text !== p) fail(t, `'${p}'`);
  };

  const values = (t: Token): Literal[] => {
    if (t.type === 'string' || t.type === 'number') return [t.value as Literal];
    if (t.type === 'name' && (t.text === 'true' || t.text === 'false')) return [t.text === 'true'];
    if (t.type === 'var') {
      const found = vars.get(t.text);
      if (!found || found.length === 0) throw new PredicateSyntaxError(`Missing value for the input variable ':${t.text}' (pass it as 'var.${t.text}')`, t.column);
      return [...found];
    }
    return fail(t, 'a string, number, boolean or input variable');
  };
  const one = (t: Token): Literal => {
    const v = values(t);
    if (v.length !== 1) throw new PredicateSyntaxError(`The input variable ':${t.text}' has ${v.length} values, expected one`, t.column);
    return v[0] as Literal;
  };
  const valueList = (): Literal[] => {
    if (peek().type === 'var') return values(next());
    expectPunct('(');
    const out: Literal[] = [...values(next())];
    while (peek().type === 'punct' && peek().text === ',') {
      next();
      out.push(...values(next()));
    }
    expectPunct(')');
    return out;
  };

  const fieldTest = (): FieldTest => {
    const t = next();
    if (t.type === 'op') return { kind: 'compare', op: t.text as ComparisonOp, value: one(next()) };
    if (t.type === 'punct' && t.text === '(') {
      const predicate = expr();
      expectPunct(')');
      return { kind: 'nested', predicate };
    }
    if (isKeyword(t, 'in')) return { kind: 'in', values: valueList(), isNegated: false };
    if (isKeyword(t, 'not')) {
      if (!isKeyword(next(), 'in')) fail(tokens[pos - 1] ?? t, "'in'");
      return { kind: 'in', values: valueList(), isNegated: true };
    }
    if (isKeyword(t, 'is')) {
      let isNegated = false;
      if (isKeyword(peek(), 'not')) {
        next();
        isNegated = true;
      }
      const what = next();
      if (isKeyword(what, 'defined')) return { kind: 'defined', isNegated };
      if (isKeyword(what, 'empty')) return { kind: 'empty', isNegated };
      return fail(what, "'defined' or 'empty'");
    }
    if (isKeyword(t, 'contains')) {
      const mode = isKeyword(peek(), 'any') ? 'any' : isKeyword(peek(), 'all') ? 'all' : 'one';
      if (mode !== 'one') next();
      const list = peek().type === 'punct' && peek().text === '(' ? valueList() : [one(next())];
      return { kind: 'contains', mode, values: list };
    }
    return fail(t, "comparison operator, 'in', 'not in', 'is', 'contains' or '('");
  };

  const unary = (): Predicate => {
    const t = peek();
    if (isKeyword(t, 'not') && tokens[pos + 1]?.text === '(') {
      next();
      expectPunct('(');
      const inner = expr();
      expectPunct(')');
      return { kind: 'not', inner };
    }
    if (t.type === 'punct' && t.text === '(') {
      next();
      const inner = expr();
      expectPunct(')');
      return inner;
    }
    if (t.type !== 'name') return fail(t, 'field name, \'not\' or \'(\'');
    next();
    return { kind: 'field', name: t.text, test: fieldTest() };
  };
  const and = (): Predicate => {
    let left = unary();
    while (isKeyword(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const expr = (): Predicate => {
    let left = and();
    while (isKeyword(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  const result = expr();
  const rest = peek();
  if (rest.type !== 'end') fail(rest, "'and', 'or' or end of input");
  return result;
}
