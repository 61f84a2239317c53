import { ConnectorError, ConnectorRegistry, createConnectorRegistry, VismaClient } from '@mlc/connectors';

describe(ConnectorRegistry.name, () => {
  it('should build a Visma client from credentials and options when the kind is registered', () => {
    const client = createConnectorRegistry().create('visma', { clientId: 'c', clientSecret: 's', tenantId: 't' }, { companyId: '1', apiBaseUrl: 'http://127.0.0.1:9' });
    expect(client).toBeInstanceOf(VismaClient);
  });

  it('should refuse a second factory and unknown kinds with configuration errors', () => {
    const registry = new ConnectorRegistry().register('bigquery', () => 'client');
    expect(() => registry.register('bigquery', () => 'again')).toThrow(ConnectorError);
    expect(registry.kinds()).toEqual(['bigquery']);
    expect(() => (registry as unknown as ConnectorRegistry<{ visma: () => string }>).create('visma', undefined as never, undefined as never)).toThrow('no connector factory registered for visma');
  });
});
