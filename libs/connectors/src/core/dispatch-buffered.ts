/**
 * The transport's one HTTP exchange (transport.ts): a request through undici's dispatcher API with the body collected
 * in memory up to a cap, and the write fence checked as the request leaves undici's queue.
 */
import type { Dispatcher } from 'undici';

/** Default cap of a response body: 16 MiB (a Visma page of 1,000 large DTOs is a few MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Raised inside a dispatch when the answer passes the cap (see HttpTransportOptions.maxResponseBytes). */
export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response is larger than ${limit} bytes`);
  }
}

/** A fenced write reached the wire only after its proof ran out (see WriteFence); nothing was sent. */
export class FenceExpiredError extends Error {
  constructor() {
    super('the write was not sent: its fence expired before a connection was free');
    this.name = 'FenceExpiredError';
  }
}

/**
 * One request through undici's dispatcher API, the response body collected in memory (bodies here are JSON documents
 * of a few kB). `request()` would parse the URL again and wrap every body in a Readable stream, which cost more CPU
 * than the HTTP exchange itself against a fast server. Rejects with undici's error (connect, socket, timeouts), or
 * FenceExpiredError when the request left the queue after `notAfter` (epoch ms) and was not written.
 */
export function dispatchBuffered(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, notAfter?: number, maxBytes = DEFAULT_MAX_RESPONSE_BYTES): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge: ResponseTooLargeError | undefined;
    let fenceExpired = false;
    dispatcher.dispatch(options, {
      // Called when the request leaves undici's queue, right before it is written: a fenced write past its proof
      // (the process froze while it waited for a connection) is aborted here, before a byte goes out.
      onRequestStart: (controller) => {
        if (notAfter !== undefined && Date.now() > notAfter) {
          fenceExpired = true;
          controller.abort(new FenceExpiredError());
        }
      },
      onResponseStart: (_controller, status, responseHeaders) => {
        // 1xx informational answers come first; the last start is the response.
        statusCode = status;
        headers = responseHeaders;
        chunks.length = 0;
      },
      onResponseData: (controller, chunk) => {
        size += chunk.length;
        if (size > maxBytes) {
          // Stop reading at the cap: what was buffered is dropped and the connection is not reused.
          tooLarge ??= new ResponseTooLargeError(maxBytes);
          chunks.length = 0;
          controller.abort(tooLarge);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd: () => {
        resolve({ statusCode, headers, text: chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError: (_controller, error) => reject(fenceExpired ? new FenceExpiredError() : (tooLarge ?? error)),
    });
  });
}
