import { Pool } from 'undici';
import { z } from 'zod';
import { FenceExpiredError, HeaderTokenProvider, HttpTransport } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const OK = z.object({ ok: z.boolean() });

/** The write fence: a POST still queued for a connection when its proof runs out is never written (issue 13, defect 5). */
describe('HttpTransport write fence', () => {
  let server: CountingServer;
  let pool: Pool;
  beforeEach(async () => {
    server = await startCountingServer();
    pool = new Pool(server.url, { connections: 1 });
  });
  afterEach(async () => {
    await pool.close();
    await server.close();
  });
  const make = () => new HttpTransport({ system: 'test', baseUrl: server.url, auth: new HeaderTokenProvider('x-auth-token', 'tok'), dispatcher: pool });

  it('should abort a fenced POST that waited for a connection past its proof, before a byte is sent', async () => {
    server.route('GET', '/slow', [{ status: 200, body: { ok: true }, delayMs: 400 }]);
    server.route('POST', '/invoices', [{ status: 201, body: { ok: true } }]);
    const transport = make();
    // The one connection is busy for 400 ms; the POST's proof holds for 100 ms only (a frozen worker's lease).
    const slow = transport.request({ method: 'GET', path: '/slow', schema: OK });
    const fenced = transport.request({ method: 'POST', path: '/invoices', body: { n: 1 }, schema: OK, fence: () => Promise.resolve(Date.now() + 100) });
    await expect(fenced).rejects.toBeInstanceOf(FenceExpiredError);
    await slow;
    expect(server.count('POST', '/invoices')).toBe(0);
  });

  it('should send a fenced POST whose proof still holds, and stop one whose fence throws', async () => {
    server.route('POST', '/invoices', [{ status: 201, body: { ok: true } }]);
    const transport = make();
    await transport.request({ method: 'POST', path: '/invoices', body: { n: 1 }, schema: OK, fence: () => Promise.resolve(Date.now() + 5_000) });
    await expect(transport.request({ method: 'POST', path: '/invoices', body: { n: 2 }, schema: OK, fence: () => Promise.reject(new Error('lease lost')) })).rejects.toThrow('lease lost');
    expect(server.count('POST', '/invoices')).toBe(1);
  });
});
