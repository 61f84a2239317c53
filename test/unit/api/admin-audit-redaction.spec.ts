import { csvCell, csvRow } from '../../../apps/api/src/modules/admin-audit/csv';
import { deriveAction } from '../../../apps/api/src/modules/admin-audit/audit-routes';
import { CHANGED, isSecretName, redactChanges, secretPolicyOf } from '../../../apps/api/src/modules/admin-audit/redaction';

const field = (name: string, isSecret: boolean) => ({ name, label: name, format: isSecret ? ('secret' as const) : ('text' as const), isRequired: false, isSecret });
const POLICY = secretPolicyOf([
  { kind: 'visma', fields: { settings: [field('companyId', false), field('tokenUrl', false)], credentials: [field('clientId', false), field('clientSecret', true), field('tenantId', false)] } },
  { kind: 'commercetools', fields: { settings: [field('projectKey', false)], credentials: [field('clientId', false), field('clientSecret', true)] } },
  { kind: 'woocommerce', fields: { settings: [], credentials: [field('consumerKey', true), field('consumerSecret', true)] } },
]);

describe('admin audit redaction', () => {
  it("should keep a connection's non-secret fields and mark every secret as changed", () => {
    const body = {
      system: 'visma',
      name: 'Visma NO',
      settings: { companyId: '5100001', tokenUrl: 'https://connect.visma.com/connect/token', privateKey: 'k', webhookSecret: 's' },
      credentials: { clientId: 'isv_x', clientSecret: 'super-secret', tenantId: 't-1', somethingNew: 'unknown-field-value' },
    };
    expect(redactChanges(body, POLICY)).toEqual({
      system: 'visma',
      name: 'Visma NO',
      settings: { companyId: '5100001', tokenUrl: 'https://connect.visma.com/connect/token', privateKey: CHANGED, webhookSecret: CHANGED },
      credentials: { clientId: 'isv_x', clientSecret: CHANGED, tenantId: 't-1', somethingNew: CHANGED },
    });
  });

  it("should judge credentials by any system's declarations when the body names no system (an update)", () => {
    expect(redactChanges({ credentials: { clientId: 'c', consumerKey: 'ck', tenantId: 't', other: 'o', nested: { a: 1 } } }, POLICY)).toEqual({
      credentials: { clientId: 'c', consumerKey: CHANGED, tenantId: 't', other: CHANGED, nested: CHANGED },
    });
  });

  it('should mask deny-listed names anywhere, an object under a secret name as a whole, and PEM values', () => {
    const body = { password: 'p', user: { apiKey: 'a', key_id: 'k', monkey: 'banana', accessToken: 't' }, list: [{ refreshToken: 'r' }], serviceAccount: { token: { x: 1 } }, note: '-----BEGIN PRIVATE KEY-----\nabc' };
    expect(redactChanges(body, POLICY)).toEqual({ password: CHANGED, user: { apiKey: CHANGED, key_id: CHANGED, monkey: 'banana', accessToken: CHANGED }, list: [{ refreshToken: CHANGED }], serviceAccount: { token: CHANGED }, note: CHANGED });
    expect(isSecretName('projectKey', POLICY)).toBe(false);
    expect(isSecretName('consumerKey', POLICY)).toBe(true);
    expect(isSecretName('notPosted', POLICY)).toBe(false);
    expect(isSecretName('Authorization', POLICY)).toBe(true);
  });

  it('should keep only the named fields, cut long strings and answer null for an empty body', () => {
    expect(redactChanges({ email: 'a@example.test', password: 'x' }, POLICY, ['email'])).toEqual({ email: 'a@example.test' });
    expect(redactChanges({}, POLICY)).toBeNull();
    expect(redactChanges(undefined, POLICY)).toBeNull();
    expect((redactChanges({ notes: 'n'.repeat(2_000) }, POLICY) as { notes: string }).notes).toHaveLength(501);
  });
});

describe('admin audit CSV', () => {
  it('should quote cells holding commas, quotes or line breaks and double inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(404)).toBe('404');
    expect(csvCell({ a: 'b,c' })).toBe('"{""a"":""b,c""}"');
    expect(csvRow(['x', 'y,z', undefined])).toBe('x,"y,z",\r\n');
  });

  it('should defuse text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('admin audit action names', () => {
  it('should derive a name from the controller and handler', () => {
    expect(deriveAction('ConnectionsController', 'update')).toBe('connections.update');
    expect(deriveAction('MappingController', 'saveCompanyMapping')).toBe('mapping.save-company-mapping');
    expect(deriveAction('AdminAuditController', 'csv')).toBe('admin-audit.csv');
  });
});
