import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A service-account key file as Google issues it, with a fresh RSA-2048 key (and its public half for verifying). */
export function makeServiceAccountKey(overrides: Record<string, unknown> = {}): { key: Record<string, unknown>; publicKey: KeyObject; privatePem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = {
    type: 'service_account',
    project_id: 'mlc-export-test',
    private_key_id: '0123456789abcdef0123456789abcdef01234567',
    private_key: privatePem,
    client_email: 'exporter@mlc-export-test.iam.gserviceaccount.com',
    client_id: '123456789012345678901',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  };
  return { key, publicKey, privatePem };
}

/** The base64 body of a PEM (what must never show up in an error or a log line). */
export function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}
