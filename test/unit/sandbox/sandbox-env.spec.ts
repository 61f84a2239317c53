import { BIGCOMMERCE_DEFAULT_QUOTA, SANDBOX_DEFAULT_PORTS, SandboxEnvError, sandboxOptionsFromEnv } from '@mlc/sandbox';

describe(sandboxOptionsFromEnv.name, () => {
  it('should give the default ports and no overrides when nothing is set (empty values count as unset)', () => {
    expect(sandboxOptionsFromEnv({ SANDBOX_VISMA_CALLS_PER_HOUR: '  ' })).toEqual({ ports: { ...SANDBOX_DEFAULT_PORTS }, visma: {}, bigcommerce: {} });
  });

  it('should map every variable to its start option', () => {
    const options = sandboxOptionsFromEnv({
      SANDBOX_HOST: '0.0.0.0',
      SANDBOX_VISMA_PORT: '0',
      SANDBOX_BIGCOMMERCE_PORT: '4999',
      SANDBOX_VISMA_TOKEN_TTL_SECONDS: '5',
      SANDBOX_VISMA_CALLS_PER_HOUR: '40',
      SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS: '7',
      SANDBOX_BIGCOMMERCE_QUOTA_WINDOW_MS: '1000',
      SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS: '100, 2000,0',
    });
    expect(options).toEqual({
      ports: { visma: 0, bigcommerce: 4999 },
      host: '0.0.0.0',
      visma: { tokenTtlSeconds: 5, rateLimit: { limit: 40, windowMs: 3_600_000 } },
      bigcommerce: { quota: { requests: 7, windowMs: 1000 }, webhookRetryScheduleMs: [100, 2000, 0] },
    });
  });

  it("should keep the other quota half's default and read 'none' as no webhook retries", () => {
    const options = sandboxOptionsFromEnv({ SANDBOX_BIGCOMMERCE_QUOTA_WINDOW_MS: '500', SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS: 'none' });
    expect(options.bigcommerce).toEqual({ quota: { requests: BIGCOMMERCE_DEFAULT_QUOTA.requests, windowMs: 500 }, webhookRetryScheduleMs: [] });
  });

  it('should name every bad variable at once', () => {
    let error: unknown;
    try {
      sandboxOptionsFromEnv({
        SANDBOX_VISMA_PORT: '70000',
        SANDBOX_VISMA_TOKEN_TTL_SECONDS: '0',
        SANDBOX_VISMA_CALLS_PER_HOUR: 'lots',
        SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS: '1.5',
        SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS: '100,-5',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SandboxEnvError);
    const problems = (error as SandboxEnvError).problems;
    expect(problems.map((p) => p.variable)).toEqual([
      'SANDBOX_VISMA_PORT',
      'SANDBOX_VISMA_TOKEN_TTL_SECONDS',
      'SANDBOX_VISMA_CALLS_PER_HOUR',
      'SANDBOX_BIGCOMMERCE_QUOTA_REQUESTS',
      'SANDBOX_BIGCOMMERCE_WEBHOOK_RETRY_MS',
    ]);
    expect((error as SandboxEnvError).message).toContain("SANDBOX_VISMA_CALLS_PER_HOUR: must be an integer ≥ 1, got 'lots'");
  });
});
