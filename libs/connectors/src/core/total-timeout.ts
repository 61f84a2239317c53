/**
 * A total deadline for every exchange through a dispatcher: queueing, connecting, the response headers and the whole
 * body together. The transport's per-attempt timeouts (undici `headersTimeout`, `bodyTimeout`) bound each wait but not
 * their sum, so a host that drips a byte every few seconds could hold a request (and a worker) for hours; this one
 * does not. One timer per exchange, cleared when it ends.
 */
import type { Duplex } from 'node:stream';
import { DecoratorHandler, type Dispatcher } from 'undici';

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** The exchange ran past its total deadline and was aborted. `code` contains TIMEOUT, so transports classify it `timeout`. */
export class TotalTimeoutError extends Error {
  readonly code = 'UND_ERR_TOTAL_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`the exchange took longer than ${timeoutMs} ms in total and was aborted`);
    this.name = 'TotalTimeoutError';
  }
}

/** Forwards to the wrapped handler (normalised to undici's controller API) and aborts at the deadline. */
class TotalDeadlineHandler implements Dispatcher.DispatchHandler {
  private readonly inner: Dispatcher.DispatchHandler;
  private controller: Dispatcher.DispatchController | undefined;
  private expired: TotalTimeoutError | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(handler: Dispatcher.DispatchHandler, timeoutMs: number) {
    // DecoratorHandler wraps handlers of undici's older callback API (onConnect/onHeaders/…) into the controller API.
    this.inner = new DecoratorHandler(handler);
    this.timer = setTimeout(() => {
      this.expired = new TotalTimeoutError(timeoutMs);
      this.controller?.abort(this.expired);
    }, timeoutMs);
    this.timer.unref();
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.controller = controller;
    if (this.expired) {
      controller.abort(this.expired);
      return;
    }
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    clearTimeout(this.timer);
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    clearTimeout(this.timer);
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    clearTimeout(this.timer);
    this.inner.onResponseError?.(controller, this.expired ?? error);
  }
}

/**
 * An undici interceptor (`dispatcher.compose(totalTimeout(() => ms))`) giving every exchange a total deadline.
 * `timeoutMs` is read per exchange, so a process-wide setting can change while the dispatcher lives.
 * The exchange then fails with TotalTimeoutError.
 */
export function totalTimeout(timeoutMs: number | (() => number)): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const ms = typeof timeoutMs === 'function' ? timeoutMs() : timeoutMs;
    return dispatch(options, new TotalDeadlineHandler(handler, ms));
  };
}
