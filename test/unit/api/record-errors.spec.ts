import { ConnectorAuthError, ConnectorConflictError, ConnectorRateLimitedError } from '@mlc/connectors';
import { normalizeError, retryDelayMs } from '../../../apps/api/src/modules/sync/record.processor';
import { PermanentRecordError, RetryLaterError } from '../../../apps/api/src/modules/sync/record-handler';

describe('record error handling', () => {
  it('should retry a 401 that survived re-authentication with backoff, and fail a 403 at once', () => {
    const unauthorized = new ConnectorAuthError({ system: 'bigcommerce', message: 'GET /v2/orders/1 answered 401', status: 401 });
    const forbidden = new ConnectorAuthError({ system: 'visma', message: 'GET /v1/customer answered 403', status: 403, code: 'forbidden' });
    expect(normalizeError(unauthorized)).toBe(unauthorized);
    expect(normalizeError(forbidden)).toBeInstanceOf(PermanentRecordError);
    expect((normalizeError(forbidden) as PermanentRecordError).code).toBe('visma.forbidden');
  });

  it('should retry an If-Match conflict left after the handler re-read and re-applied the change', () => {
    const conflict = new ConnectorConflictError({ system: 'visma', message: 'PUT /v1/customer/12 answered 412', status: 412 });
    expect(normalizeError(conflict)).toBe(conflict);
  });

  it('should turn a rate limit into a re-delay of its wait', () => {
    const limited = normalizeError(new ConnectorRateLimitedError({ system: 'visma', message: 'budget spent', waitMs: 4_000 }));
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).waitMs).toBe(4_000);
  });

  it('should back off exponentially between half and all of base × 2^(attempt-1)', () => {
    expect(retryDelayMs(1_000, 1, () => 0)).toBe(500);
    expect(retryDelayMs(1_000, 1, () => 0.999)).toBe(999);
    expect(retryDelayMs(1_000, 4, () => 0)).toBe(4_000);
    expect(retryDelayMs(1_000, 4, () => 0.5)).toBe(6_000);
  });
});
