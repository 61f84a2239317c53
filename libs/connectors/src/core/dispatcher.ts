import { Agent, Dispatcher, getGlobalDispatcher } from 'undici';

let ownAgent: Agent | undefined;

/**
 * The dispatcher a client composes interceptors onto when it was given none: undici's global dispatcher when it is one
 * of this package's undici (`instanceof Dispatcher`), else one process-wide Agent of our own, created on first use.
 * Node's built-in `fetch` installs its bundled undici's Agent as the global dispatcher (the same global symbol) when it
 * is called first; that Agent speaks an older handler API, and interceptors of our undici composed onto it fail every
 * request with `UND_ERR_INVALID_ARG: invalid onError method`.
 */
export function connectorDispatcher(): Dispatcher {
  const global = getGlobalDispatcher();
  if (global instanceof Dispatcher) return global;
  ownAgent ??= new Agent();
  return ownAgent;
}
