/**
 * WordPress' JSON and error conventions.
 * - wp_json_encode() is PHP's json_encode() without flags: `/` is escaped as `\/` and every non-ASCII character as a
 *   lowercase `\uXXXX` (UTF-16) escape (`"Jo\u00e3o"` in the official order example). WP_REST_Server::serve_request
 *   encodes every REST answer that way, and WC_Webhook::deliver() signs `trim(wp_json_encode($payload))`, so a
 *   receiver that re-serialises the parsed body with JSON.stringify gets different bytes than were signed.
 * - A WP_Error becomes `{code, message, data}` (rest_convert_error_to_response); the HTTP status is `data.status`
 *   when data is an array holding one, else 500 — which is why some WooCommerce errors that pass a bare number as
 *   data (e.g. `woocommerce_rest_invalid_order_id` with data 404) answer HTTP 500.
 */
import { SandboxHttpError, type SandboxResponse } from '../core';

/** PHP json_encode() default output for a JSON value (see the module comment). */
export function wpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Content type of every WordPress REST answer (`blog_charset` is UTF-8). */
export const WP_JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** A REST answer with a WordPress-encoded JSON body. */
export function wpResponse(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body: wpJsonEncode(body), headers: { 'content-type': WP_JSON_CONTENT_TYPE, ...headers } };
}

/** The body of a WP_Error as the REST server sends it. */
export type WpErrorBody = { code: string; message: string; data: unknown };

/**
 * A WP_Error thrown from a handler. `data` is what WordPress puts in `data`: usually `{status}` (plus `params`,
 * `details`, …); the HTTP status is its `status`, or 500 when there is none (rest_convert_error_to_response).
 */
export class WpRestError extends SandboxHttpError {
  /** `extra` adds top-level keys after `data` (wp_die's JSON handler adds `additional_errors`). */
  constructor(
    readonly code: string,
    message: string,
    readonly data: unknown,
    extra: Record<string, unknown> = {},
  ) {
    super(statusOf(data), wpJsonEncode({ code, message, data, ...extra } satisfies WpErrorBody), { 'content-type': WP_JSON_CONTENT_TYPE });
    this.message = message;
  }
}

/** Shorthand for the usual `new WP_Error(code, message, array('status' => $status))`. */
export function wpError(code: string, message: string, status: number, extra: Record<string, unknown> = {}): WpRestError {
  return new WpRestError(code, message, { status, ...extra });
}

function statusOf(data: unknown): number {
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const status = (data as Record<string, unknown>)['status'];
    if (typeof status === 'number' && Number.isInteger(status)) return status;
  }
  return 500;
}

/**
 * wp_sprintf('%l', $items): a list joined the English way, "a", "a and b", "a, b, and c"
 * (wp_sprintf_l with its default separators).
 */
export function wpList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length === 2) return `${items[0] ?? ''} and ${items[1] ?? ''}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1] ?? ''}`;
}
