import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WOOCOMMERCE_SANDBOX_TLS, WOOCOMMERCE_SANDBOX_TLS_CERT, WOOCOMMERCE_SANDBOX_TLS_KEY } from '../../../../apps/sandbox/src/woocommerce/tls/self-signed';

const dir = join(__dirname, '../../../../apps/sandbox/src/woocommerce/tls');

describe('WooCommerce sandbox self-signed certificate', () => {
  const cert = new X509Certificate(WOOCOMMERCE_SANDBOX_TLS_CERT);

  it('should hold the same PEM texts as the committed .pem files', () => {
    expect(WOOCOMMERCE_SANDBOX_TLS_CERT.trim()).toBe(readFileSync(join(dir, 'localhost.cert.pem'), 'utf8').trim());
    expect(WOOCOMMERCE_SANDBOX_TLS_KEY.trim()).toBe(readFileSync(join(dir, 'localhost.key.pem'), 'utf8').trim());
    expect(WOOCOMMERCE_SANDBOX_TLS).toEqual({ cert: WOOCOMMERCE_SANDBOX_TLS_CERT, key: WOOCOMMERCE_SANDBOX_TLS_KEY });
  });

  it('should be a self-signed certificate for localhost, 127.0.0.1 and ::1 valid for about 100 years', () => {
    expect(cert.subject).toContain('CN=localhost');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBeDefined();
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(cert.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(2124);
    expect(cert.ca).toBe(false);
  });

  it('should pair the certificate with its private key', () => {
    const key = createPrivateKey(WOOCOMMERCE_SANDBOX_TLS_KEY);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(createPublicKey(key).export({ format: 'pem', type: 'spki' })).toBe(cert.publicKey.export({ format: 'pem', type: 'spki' }));
  });
});
