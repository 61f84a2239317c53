/**
 * The tokenizer of the sandbox's GoogleSQL subset (sql-parser.ts): identifiers, backtick-quoted names, string and number
 * literals, `@named` parameters and operators, with BigQuery's `[line:column]` positions; `--` and `#` comments skipped.
 */
import { invalidQuery } from './errors';

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'eof';
export type Token = { kind: TokenKind; text: string; at: string };

/** Splits SQL into tokens, ending with an `eof` token. @throws 400 invalidQuery on a character outside the subset. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const at = (pos: number): string => `[${line}:${pos - lineStart + 1}]`;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    if (c === '\n') {
      line += 1;
      i += 1;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (sql.startsWith('--', i) || c === '#') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
      continue;
    }
    const start = i;
    const rest = sql.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) tokens.push({ kind: 'ident', text: m[0], at: at(start) });
    else if ((m = /^`([^`]*)`/.exec(rest))) tokens.push({ kind: 'quoted', text: m[1] ?? '', at: at(start) });
    else if ((m = /^'((?:[^'\\]|\\.)*)'|^"((?:[^"\\]|\\.)*)"/.exec(rest))) tokens.push({ kind: 'string', text: unescape(m[1] ?? m[2] ?? ''), at: at(start) });
    else if ((m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest))) tokens.push({ kind: 'number', text: m[0], at: at(start) });
    else if ((m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) tokens.push({ kind: 'param', text: m[1] ?? '', at: at(start) });
    else if ((m = /^(?:<=|>=|!=|<>|[=<>,().*;?-])/.exec(rest))) tokens.push({ kind: 'op', text: m[0] === '<>' ? '!=' : m[0], at: at(start) });
    else throw invalidQuery(`Syntax error: Illegal input character "${c}" at ${at(start)}`);
    i += m[0].length + (m[0].length === 0 ? 1 : 0);
  }
  tokens.push({ kind: 'eof', text: '', at: at(i) });
  return tokens;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_all, ch: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' })[ch] ?? ch);
}
