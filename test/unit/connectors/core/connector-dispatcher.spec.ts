import { Agent, Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { connectorDispatcher } from '../../../../libs/connectors/src/core';

/**
 * Node's built-in fetch installs its own bundled undici's Agent under undici's global-dispatcher symbol when it runs
 * first; interceptors of our undici composed onto that Agent fail with `invalid onError method`. connectorDispatcher()
 * must then hand out an Agent of our undici instead.
 */
describe('connectorDispatcher', () => {
  const symbol = Symbol.for('undici.globalDispatcher.1');
  const holder = globalThis as unknown as Record<symbol, unknown>;
  let saved: unknown;
  beforeEach(() => {
    saved = holder[symbol];
  });
  afterEach(() => {
    holder[symbol] = saved;
  });

  it('should use the global dispatcher when it is one of our undici', () => {
    const mine = new Agent();
    setGlobalDispatcher(mine);
    expect(connectorDispatcher()).toBe(mine);
  });

  it('should use an Agent of its own when a foreign undici owns the global dispatcher, the same one every time', () => {
    const foreign = { dispatch: () => true, compose: () => foreign };
    holder[symbol] = foreign;
    expect(getGlobalDispatcher()).toBe(foreign);
    const own = connectorDispatcher();
    expect(own).not.toBe(foreign);
    expect(own).toBeInstanceOf(Dispatcher);
    expect(connectorDispatcher()).toBe(own);
  });
});
