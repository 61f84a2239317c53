/**
 * A cap on every response body through a dispatcher, counted as the bytes arrive: past the cap the exchange is aborted
 * with ResponseTooLargeError (the transport reports it once as `response_too_large`, not retried), so no host can fill
 * the process's memory by answering forever. The transport's own cap (HttpTransportOptions.maxResponseBytes) still
 * applies; the smaller of the two wins.
 */
import { DecoratorHandler, type Dispatcher } from 'undici';
import { ResponseTooLargeError } from './dispatch-buffered';

type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** Forwards to the wrapped handler (normalised to undici's controller API) and aborts once `limit` bytes are passed. */
class ResponseCapHandler implements Dispatcher.DispatchHandler {
  private readonly inner: Dispatcher.DispatchHandler;
  private received = 0;
  private tooLarge: ResponseTooLargeError | undefined;

  constructor(
    handler: Dispatcher.DispatchHandler,
    private readonly limit: number,
  ) {
    this.inner = new DecoratorHandler(handler);
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: import('node:stream').Duplex): void {
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // A declared length past the cap is refused before a byte of the body is read.
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limit) {
      this.tooLarge = new ResponseTooLargeError(this.limit);
      controller.abort(this.tooLarge);
      return;
    }
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.tooLarge) return;
    this.received += chunk.length;
    if (this.received > this.limit) {
      this.tooLarge = new ResponseTooLargeError(this.limit);
      controller.abort(this.tooLarge);
      return;
    }
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(controller, this.tooLarge ?? error);
  }
}

/**
 * An undici interceptor (`dispatcher.compose(responseCap(() => bytes))`) capping every response body at `limitBytes`
 * (read per exchange, so a process-wide setting applies to a long-lived dispatcher).
 * The exchange then fails with ResponseTooLargeError.
 */
export function responseCap(limitBytes: number | (() => number)): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const limit = typeof limitBytes === 'function' ? limitBytes() : limitBytes;
    return dispatch(options, new ResponseCapHandler(handler, limit));
  };
}
