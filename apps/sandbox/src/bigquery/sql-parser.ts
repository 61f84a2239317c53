/**
 * Parser of the GoogleSQL subset the sandbox runs (grammar in README.md § SQL subset; syntax from
 * cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax and …/dml-syntax#merge_statement).
 * Errors are 400 `invalidQuery` with BigQuery's "Syntax error: … at [line:column]" wording.
 */
import { invalidQuery } from './errors';
import { tokenize, type Token } from './sql-lexer';


export type TableName = { projectId?: string; datasetId?: string; tableId: string; text: string };
export type ColRef = { kind: 'col'; qualifier?: string; name: string; at: string };
export type Literal = { kind: 'lit'; type: string; text: string; at: string };
export type ParamRef = { kind: 'param'; name?: string; position?: number; at: string };
export type Operand = ColRef | Literal | ParamRef;
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Predicate = { kind: 'cmp'; op: CompareOp; left: Operand; right: Operand; at: string } | { kind: 'null'; operand: Operand; negated: boolean; at: string };
export type AggregateFn = 'COUNT' | 'SUM' | 'MIN' | 'MAX';
export type SelectItem = { kind: 'star' } | { kind: 'col'; col: ColRef; alias?: string } | { kind: 'agg'; fn: AggregateFn; arg: ColRef | '*'; alias?: string; at: string };
export type SelectStatement = {
  kind: 'select';
  items: SelectItem[];
  from: TableName;
  alias?: string;
  where: Predicate[];
  orderBy: Array<{ key: ColRef; desc: boolean }>;
  limit?: number;
  offset?: number;
};
export type MergeStatement = {
  kind: 'merge';
  target: TableName;
  targetAlias: string;
  source: TableName;
  sourceAlias: string;
  on: Array<[ColRef, ColRef]>;
  matched?: { condition: Predicate[]; set: Array<{ column: ColRef; value: Operand }> };
  notMatched?: { kind: 'row' } | { kind: 'values'; columns: string[]; values: Operand[] };
};
/** `SELECT 1 [AS x], 'a' …` without FROM: one row of constants (what a dry-run permission probe sends). */
export type ConstantSelectStatement = { kind: 'constant-select'; items: Array<{ value: Literal; alias?: string }> };
export type Statement = SelectStatement | MergeStatement | ConstantSelectStatement;

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'AS', 'MERGE', 'INTO', 'USING', 'ON', 'WHEN', 'MATCHED', 'NOT', 'THEN', 'UPDATE', 'SET', 'INSERT', 'ROW', 'VALUES', 'IS', 'NULL', 'TRUE', 'FALSE', 'ASC', 'DESC', 'GROUP', 'HAVING', 'JOIN', 'UNION', 'DELETE', 'TARGET', 'WITH']);
const TYPED_LITERALS = new Set(['DATE', 'DATETIME', 'TIME', 'TIMESTAMP', 'NUMERIC', 'BIGNUMERIC', 'JSON']);

/** Parses one statement of the subset; throws 400 invalidQuery. */
export function parseStatement(sql: string): Statement {
  return new Parser(tokenize(sql)).statement();
}

class Parser {
  private i = 0;
  private positional = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] ?? { kind: 'eof', text: '', at: '' };
  }
  private next(): Token {
    const t = this.peek();
    this.i += 1;
    return t;
  }
  private isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === op;
  }
  private describe(t: Token): string {
    if (t.kind === 'eof') return 'end of input';
    if (t.kind === 'ident' && KEYWORDS.has(t.text.toUpperCase())) return `keyword ${t.text.toUpperCase()}`;
    if (t.kind === 'string') return `string literal "${t.text}"`;
    if (t.kind === 'number') return `integer literal "${t.text}"`;
    return t.kind === 'op' ? `"${t.text}"` : `identifier ${t.text}`;
  }
  private fail(expected: string, t = this.peek()): never {
    throw invalidQuery(`Syntax error: Expected ${expected} but got ${this.describe(t)} at ${t.at}`);
  }
  private unsupported(what: string, t = this.peek()): never {
    throw invalidQuery(`${what} is not supported by the BigQuery sandbox's SQL subset (see apps/sandbox/src/bigquery/README.md) at ${t.at}`);
  }
  private kw(word: string): void {
    if (!this.isKw(word)) this.fail(`keyword ${word}`);
    this.i += 1;
  }
  private op(op: string): void {
    if (!this.isOp(op)) this.fail(`"${op}"`);
    this.i += 1;
  }
  private ident(): string {
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'ident' && !KEYWORDS.has(t.text.toUpperCase()))) {
      this.i += 1;
      return t.text;
    }
    return this.fail('identifier');
  }

  statement(): Statement {
    let stmt: Statement;
    if (this.isKw('SELECT')) stmt = this.select();
    else if (this.isKw('MERGE')) stmt = this.merge();
    else if (this.peek().kind === 'eof') return this.fail('a statement');
    else return this.unsupported(`Statement ${this.peek().text.toUpperCase()}`);
    if (this.isOp(';')) this.i += 1;
    if (this.peek().kind !== 'eof') {
      const t = this.peek();
      if (t.kind === 'ident' && ['GROUP', 'HAVING', 'JOIN', 'UNION', 'OR'].includes(t.text.toUpperCase())) this.unsupported(t.text.toUpperCase());
      this.fail('end of input');
    }
    return stmt;
  }

  private tableName(): TableName {
    const start = this.peek();
    const parts: string[] = [];
    do {
      const t = this.next();
      if (t.kind === 'quoted') parts.push(...t.text.split('.'));
      else if (t.kind === 'ident') parts.push(t.text);
      else this.fail('table name', t);
    } while (this.isOp('.') && (this.i += 1) > 0);
    if (parts.length > 3 || parts.some((p) => p === '')) throw invalidQuery(`Invalid table name: ${parts.join('.')} at ${start.at}`);
    const [a, b, c] = parts;
    const text = parts.join('.');
    if (parts.length === 3 && a !== undefined && b !== undefined && c !== undefined) return { projectId: a, datasetId: b, tableId: c, text };
    if (parts.length === 2 && a !== undefined && b !== undefined) return { datasetId: a, tableId: b, text };
    return { tableId: a ?? '', text };
  }

  private alias(): string | undefined {
    if (this.isKw('AS')) {
      this.i += 1;
      return this.ident();
    }
    const t = this.peek();
    return t.kind === 'ident' && !KEYWORDS.has(t.text.toUpperCase()) ? this.ident() : undefined;
  }

  private column(): ColRef {
    const at = this.peek().at;
    const first = this.ident();
    if (this.isOp('.')) {
      this.i += 1;
      const name = this.ident();
      if (this.isOp('.')) this.unsupported('A nested field path');
      return { kind: 'col', qualifier: first, name, at };
    }
    return { kind: 'col', name: first, at };
  }

  private select(): SelectStatement | ConstantSelectStatement {
    this.kw('SELECT');
    if (this.isKw('DISTINCT')) this.unsupported('SELECT DISTINCT');
    if (this.isConstantSelect()) return this.constantSelect();
    const items: SelectItem[] = [];
    do {
      if (items.length > 0) this.op(',');
      items.push(this.selectItem());
    } while (this.isOp(','));
    this.kw('FROM');
    const from = this.tableName();
    const alias = this.alias();
    const where = this.isKw('WHERE') ? (this.i += 1, this.condition()) : [];
    const orderBy: SelectStatement['orderBy'] = [];
    if (this.isKw('ORDER')) {
      this.i += 1;
      this.kw('BY');
      do {
        if (orderBy.length > 0) this.op(',');
        const key = this.column();
        let desc = false;
        if (this.isKw('ASC') || this.isKw('DESC')) desc = this.next().text.toUpperCase() === 'DESC';
        orderBy.push({ key, desc });
      } while (this.isOp(','));
    }
    const stmt: SelectStatement = { kind: 'select', items, from, where, orderBy };
    if (alias !== undefined) stmt.alias = alias;
    if (this.isKw('LIMIT')) {
      this.i += 1;
      stmt.limit = this.integer();
      if (this.isKw('OFFSET')) {
        this.i += 1;
        stmt.offset = this.integer();
      }
    }
    return stmt;
  }

  /** Whether the SELECT list starts with a literal and no FROM follows anywhere (a constant SELECT). */
  private isConstantSelect(): boolean {
    const first = this.peek();
    const isLiteral = first.kind === 'number' || first.kind === 'string' || (first.kind === 'op' && first.text === '-' && this.peek(1).kind === 'number');
    return isLiteral && !this.tokens.slice(this.i).some((t) => t.kind === 'ident' && t.text.toUpperCase() === 'FROM');
  }

  private constantSelect(): ConstantSelectStatement {
    const items: ConstantSelectStatement['items'] = [];
    do {
      if (items.length > 0) this.op(',');
      const value = this.operand();
      if (value.kind !== 'lit') this.fail('literal');
      const alias = this.isKw('AS') ? (this.i += 1, this.ident()) : undefined;
      items.push({ value, ...(alias !== undefined ? { alias } : {}) });
    } while (this.isOp(','));
    return { kind: 'constant-select', items };
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.fail('integer literal', t);
    return Number(t.text);
  }

  private selectItem(): SelectItem {
    if (this.isOp('*')) {
      this.i += 1;
      return { kind: 'star' };
    }
    const t = this.peek();
    const fn = t.kind === 'ident' ? t.text.toUpperCase() : '';
    if (this.peek(1).kind === 'op' && this.peek(1).text === '(') {
      if (!['COUNT', 'SUM', 'MIN', 'MAX'].includes(fn)) this.unsupported(`Function ${fn || t.text}`);
      this.i += 2;
      let arg: ColRef | '*';
      if (this.isOp('*')) {
        if (fn !== 'COUNT') this.fail('expression');
        this.i += 1;
        arg = '*';
      } else arg = this.column();
      this.op(')');
      const alias = this.alias();
      return { kind: 'agg', fn: fn as AggregateFn, arg, at: t.at, ...(alias !== undefined ? { alias } : {}) };
    }
    const col = this.column();
    const alias = this.alias();
    return { kind: 'col', col, ...(alias !== undefined ? { alias } : {}) };
  }

  private condition(): Predicate[] {
    const out: Predicate[] = [this.predicate()];
    while (this.isKw('AND')) {
      this.i += 1;
      out.push(this.predicate());
    }
    if (this.isKw('OR')) this.unsupported('OR');
    return out;
  }

  private predicate(): Predicate {
    const at = this.peek().at;
    if (this.isOp('(')) this.unsupported('A parenthesised condition');
    if (this.isKw('NOT')) this.unsupported('NOT');
    const left = this.operand();
    if (this.isKw('IS')) {
      this.i += 1;
      const negated = this.isKw('NOT') ? (this.i += 1, true) : false;
      this.kw('NULL');
      return { kind: 'null', operand: left, negated, at };
    }
    const t = this.next();
    if (t.kind !== 'op' || !['=', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      if (t.kind === 'ident' && ['IN', 'LIKE', 'BETWEEN'].includes(t.text.toUpperCase())) this.unsupported(t.text.toUpperCase(), t);
      this.fail('comparison operator', t);
    }
    return { kind: 'cmp', op: t.text as CompareOp, left, right: this.operand(), at };
  }

  private operand(): Operand {
    const t = this.peek();
    if (t.kind === 'param') {
      this.i += 1;
      return { kind: 'param', name: t.text, at: t.at };
    }
    if (t.kind === 'op' && t.text === '?') {
      this.i += 1;
      this.positional += 1;
      return { kind: 'param', position: this.positional - 1, at: t.at };
    }
    if (t.kind === 'string') {
      this.i += 1;
      return { kind: 'lit', type: 'STRING', text: t.text, at: t.at };
    }
    if (t.kind === 'number' || (t.kind === 'op' && t.text === '-' && this.peek(1).kind === 'number')) {
      const negative = t.kind === 'op';
      if (negative) this.i += 1;
      const n = this.next();
      return { kind: 'lit', type: /^\d+$/.test(n.text) ? 'INT64' : 'FLOAT64', text: negative ? `-${n.text}` : n.text, at: t.at };
    }
    if (t.kind === 'ident') {
      const word = t.text.toUpperCase();
      if (word === 'NULL' || word === 'TRUE' || word === 'FALSE') {
        this.i += 1;
        return { kind: 'lit', type: word === 'NULL' ? 'NULL' : 'BOOL', text: word.toLowerCase(), at: t.at };
      }
      if (TYPED_LITERALS.has(word) && this.peek(1).kind === 'string') {
        this.i += 2;
        return { kind: 'lit', type: word, text: this.peek(-1).text, at: t.at };
      }
      if (this.peek(1).kind === 'op' && this.peek(1).text === '(') this.unsupported(`Function ${word}`);
    }
    return this.column();
  }

  private merge(): MergeStatement {
    this.kw('MERGE');
    if (this.isKw('INTO')) this.i += 1;
    const target = this.tableName();
    const targetAlias = this.alias() ?? target.tableId;
    this.kw('USING');
    if (this.isOp('(')) this.unsupported('A subquery as MERGE source');
    const source = this.tableName();
    const sourceAlias = this.alias() ?? source.tableId;
    this.kw('ON');
    const on: Array<[ColRef, ColRef]> = [];
    do {
      if (on.length > 0) this.kw('AND');
      const left = this.column();
      this.op('=');
      on.push([left, this.column()]);
    } while (this.isKw('AND'));
    const stmt: MergeStatement = { kind: 'merge', target, targetAlias, source, sourceAlias, on };
    while (this.isKw('WHEN')) {
      const at = this.peek();
      this.i += 1;
      if (this.isKw('MATCHED')) {
        if (stmt.matched) this.unsupported('A second WHEN MATCHED clause', at);
        this.i += 1;
        const condition = this.isKw('AND') ? (this.i += 1, this.condition()) : [];
        this.kw('THEN');
        if (this.isKw('DELETE')) this.unsupported('WHEN MATCHED THEN DELETE');
        this.kw('UPDATE');
        this.kw('SET');
        const set: Array<{ column: ColRef; value: Operand }> = [];
        do {
          if (set.length > 0) this.op(',');
          const column = this.column();
          this.op('=');
          set.push({ column, value: this.operand() });
        } while (this.isOp(','));
        stmt.matched = { condition, set };
      } else {
        this.kw('NOT');
        this.kw('MATCHED');
        if (this.isKw('BY')) {
          this.i += 1;
          this.kw('TARGET');
        }
        if (stmt.notMatched) this.unsupported('A second WHEN NOT MATCHED clause', at);
        if (this.isKw('AND')) this.unsupported('A condition on WHEN NOT MATCHED');
        this.kw('THEN');
        this.kw('INSERT');
        if (this.isKw('ROW')) {
          this.i += 1;
          stmt.notMatched = { kind: 'row' };
        } else {
          this.op('(');
          const columns: string[] = [];
          do {
            if (columns.length > 0) this.op(',');
            columns.push(this.ident());
          } while (this.isOp(','));
          this.op(')');
          this.kw('VALUES');
          this.op('(');
          const values: Operand[] = [];
          do {
            if (values.length > 0) this.op(',');
            values.push(this.operand());
          } while (this.isOp(','));
          this.op(')');
          stmt.notMatched = { kind: 'values', columns, values };
        }
      }
    }
    if (!stmt.matched && !stmt.notMatched) this.fail('keyword WHEN');
    return stmt;
  }
}
