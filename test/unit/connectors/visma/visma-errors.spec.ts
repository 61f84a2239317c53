import {
  ConnectorAuthError,
  ConnectorConflictError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorTransientError,
  ConnectorValidationError,
  readVismaErrorBody,
  vismaErrorMapper,
  type ErrorResponseContext,
} from '@mlc/connectors';

const ctx = (status: number, body: unknown, headers: Record<string, string> = {}): ErrorResponseContext => ({
  system: 'visma',
  method: 'POST',
  path: '/v2/customerinvoice',
  status,
  headers,
  body,
  requestId: undefined,
  waitMs: 3000,
});

const exception = {
  ExceptionType: 'IPPException',
  ExceptionMessage: "Error: 'CustomerNumber' cannot be empty.",
  ExceptionFaultCode: '12001',
  ExceptionMessageID: '12001_abc',
  ExceptionDetails: "'DocumentDate' is invalid.",
};

describe('vismaErrorMapper', () => {
  it('should map a 400 exception body to a validation error with field errors and the message id', () => {
    const err = vismaErrorMapper(ctx(400, exception));
    expect(err).toBeInstanceOf(ConnectorValidationError);
    const v = err as ConnectorValidationError;
    expect(v.status).toBe(400);
    expect(v.requestId).toBe('12001_abc');
    expect(v.providerMessage).toBe("Error: 'CustomerNumber' cannot be empty. (fault 12001)");
    expect(v.fieldErrors).toEqual([
      { field: 'CustomerNumber', message: "Error: 'CustomerNumber' cannot be empty." },
      { field: 'DocumentDate', message: "'DocumentDate' is invalid." },
    ]);
  });

  it('should map a {Message} 401 with invalid_token to an auth error keeping the bearer code', () => {
    const err = vismaErrorMapper(ctx(401, { Message: 'Authorization has been denied for this request.' }, { 'www-authenticate': 'Bearer realm="x", error="invalid_token"' }));
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect((err as ConnectorAuthError).oauthError).toBe('invalid_token');
    expect(err?.providerMessage).toBe('Authorization has been denied for this request.');
  });

  it('should map 403 insufficient_scope to a forbidden auth error', () => {
    const err = vismaErrorMapper(ctx(403, { Message: 'denied' }, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="vismanet_erp_service_api:create"' }));
    expect(err?.code).toBe('forbidden');
    expect((err as ConnectorAuthError).oauthError).toBe('insufficient_scope');
  });

  it.each([
    [404, { ExceptionMessage: 'Customer 7 not found', ExceptionFaultCode: '10404' }, ConnectorNotFoundError],
    [412, { Message: 'Precondition failed' }, ConnectorConflictError],
    [429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 3 seconds.' }, ConnectorRateLimitedError],
    [500, 'Internal Server Error', ConnectorTransientError],
  ])('should map %i to the typed error', (status, body, cls) => {
    const err = vismaErrorMapper(ctx(status, body, status === 412 ? { etag: '"AAA="' } : {}));
    expect(err).toBeInstanceOf(cls);
    expect(err?.status).toBe(status);
  });

  it('should carry the current ETag when Visma answers 412 with one', () => {
    expect((vismaErrorMapper(ctx(412, undefined, { etag: '"v9"' })) as ConnectorConflictError).currentEtag).toBe('"v9"');
  });
});

describe('readVismaErrorBody', () => {
  it('should keep only whitelisted fields when the body has extra data', () => {
    expect(readVismaErrorBody({ ...exception, StackTrace: 'secret internals' })).toEqual({
      message: exception.ExceptionMessage,
      faultCode: '12001',
      messageId: '12001_abc',
      details: exception.ExceptionDetails,
    });
  });
});
