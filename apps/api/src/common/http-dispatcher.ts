import { Agent } from 'undici';

/**
 * One keep-alive connection pool per process for every outbound API call (undici Agent). Throughput is
 * in-flight calls divided by latency, so connections are reused rather than opened per request.
 */
export const SHARED_DISPATCHER = new Agent({ keepAliveTimeout: 30_000, connections: 128, pipelining: 1 });
