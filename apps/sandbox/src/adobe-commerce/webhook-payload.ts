/**
 * What an Adobe Commerce webhook sends (AdobeDocs/commerce-extensibility src/pages/webhooks/hooks.md, commands.md,
 * conditional-webhooks.md, api.md):
 * - the default payload of an `observer.<event>` webhook is `{"eventName": "<event>", "data": {…}}` where `data` holds
 *   the observer's arguments: a model save event (`sales_order_save_after`, `sales_order_invoice_save_after`,
 *   `sales_order_creditmemo_save_after`, `customer_save_after`) has `data_object` and the model under its event object
 *   name (`order`, `invoice`, `creditmemo`, `customer`); `customer_save_after_data_object` has
 *   `customer_data_object` and `orig_customer_data_object`. The sandbox renders the records in their REST shape;
 * - `fields` select and rename: each `{name, source}` copies the value at the dot path `source` (default `name`) to
 *   the dot path `name`; `a[].b` maps over an array; with no fields the whole default payload is sent;
 * - `rules` (`{field, operator, value}`, all must hold) decide whether the hook runs: operators equal, notEqual,
 *   greaterThan, lessThan, regex (a PHP-style `/…/flags` pattern), in, isEmpty, notEmpty, onChange is treated as
 *   always true (the sandbox keeps no previous payload).
 */
import type { Json } from './state';

function segments(path: string): string[] {
  return path.split('.').filter((s) => s !== '');
}

/** The value at a dot path (`data.order.increment_id`); `items[].sku` returns the list of each item's value. */
export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  const parts = segments(path);
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const isList = part.endsWith('[]');
    const key = isList ? part.slice(0, -2) : part;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
    if (isList) {
      if (!Array.isArray(current)) return undefined;
      const rest = parts.slice(i + 1).join('.');
      return rest === '' ? current : current.map((element) => valueAt(element, rest));
    }
  }
  return current;
}

function setAt(root: Json, path: string, value: unknown): void {
  const parts = segments(path);
  let node: Json = root;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const last = i === parts.length - 1;
    if (part.endsWith('[]')) {
      const key = part.slice(0, -2);
      const rest = parts.slice(i + 1).join('.');
      const values = Array.isArray(value) ? value : [];
      const list = Array.isArray(node[key]) ? (node[key] as Json[]) : [];
      values.forEach((v, index) => {
        const element = list[index] ?? {};
        if (rest === '') list[index] = v as Json;
        else {
          setAt(element, rest, v);
          list[index] = element;
        }
      });
      node[key] = list;
      return;
    }
    if (last) node[part] = value;
    else {
      const next = node[part];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
      node = node[part] as Json;
    }
  }
}

/** The payload after `fields` filtering (the default payload when there are none). */
export function filterPayload(payload: Json, fields: ReadonlyArray<{ name: string; source?: string }>): Json {
  if (fields.length === 0) return payload;
  const out: Json = {};
  for (const field of fields) {
    const source = field.source !== undefined && field.source !== '' ? field.source : field.name;
    setAt(out, field.name, valueAt(payload, source) ?? null);
  }
  return out;
}

function phpRegex(pattern: string): RegExp | undefined {
  const m = /^(.)(.*)\1([a-z]*)$/s.exec(pattern);
  try {
    return m ? new RegExp(m[2] ?? '', (m[3] ?? '').replace(/[^imsu]/g, '')) : new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/** Whether every rule holds for the default payload. */
export function rulesPass(payload: Json, rules: ReadonlyArray<{ field: string; operator: string; value: string }>): boolean {
  return rules.every((rule) => {
    const actual = valueAt(payload, rule.field);
    const text = typeof actual === 'string' ? actual : typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : actual === null || actual === undefined ? '' : JSON.stringify(actual);
    switch (rule.operator) {
      case 'equal':
        return text === rule.value;
      case 'notEqual':
        return text !== rule.value;
      case 'greaterThan':
        return Number(text) > Number(rule.value);
      case 'lessThan':
        return Number(text) < Number(rule.value);
      case 'regex':
        return phpRegex(rule.value)?.test(text) ?? false;
      case 'in':
        return rule.value.split(',').map((v) => v.trim()).includes(text);
      case 'isEmpty':
        return text === '' || text === '[]' || text === '{}';
      case 'notEmpty':
        return !(text === '' || text === '[]' || text === '{}');
      case 'onChange':
        return true;
      default:
        return false;
    }
  });
}

/** The operators the subscribe endpoint accepts (conditional-webhooks.md). */
export const WEBHOOK_RULE_OPERATORS = ['equal', 'notEqual', 'greaterThan', 'lessThan', 'regex', 'in', 'isEmpty', 'notEmpty', 'onChange'] as const;
