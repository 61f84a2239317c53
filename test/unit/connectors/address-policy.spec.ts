import { describeRange, isIpLiteral, judgeAddress, resolveAllowed, HostNotAllowedError, guardedLookup, type HostResolver } from '@mlc/connectors';

const publicResolver = (address: string): HostResolver => () => Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);

describe('the address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    ['::7f00:1', 'reserved'],
  ])('should refuse %s (%s)', (address, range) => {
    expect(judgeAddress(address)).toEqual({ address, isAllowed: false, range });
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '[2a00:1450:4001::200e]'])('should allow the public address %s', (address) => {
    expect(judgeAddress(address)).toMatchObject({ isAllowed: true, range: 'unicast' });
  });

  it('should judge an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(judgeAddress('::ffff:127.0.0.1')).toMatchObject({ isAllowed: false, range: 'loopback' });
    expect(judgeAddress('::ffff:10.0.0.1')).toMatchObject({ isAllowed: false, range: 'private' });
    expect(judgeAddress('::ffff:a9fe:a9fe')).toMatchObject({ isAllowed: false, range: 'linkLocal' });
    expect(judgeAddress('[::ffff:169.254.169.254]')).toMatchObject({ isAllowed: false, range: 'linkLocal' });
    expect(judgeAddress('::ffff:8.8.8.8')).toMatchObject({ isAllowed: true, range: 'unicast' });
  });

  it('should allow private addresses only when told to, and never a string that is no address', () => {
    expect(judgeAddress('10.0.0.1', { allowPrivate: true }).isAllowed).toBe(true);
    expect(judgeAddress('169.254.169.254', { allowPrivate: true }).isAllowed).toBe(true);
    expect(judgeAddress('shop.example.com', { allowPrivate: true })).toEqual({ address: 'shop.example.com', isAllowed: false, range: 'invalid' });
  });

  it('should tell literal IPs from host names, legacy IPv4 spellings included', () => {
    expect(isIpLiteral('127.0.0.1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('0x7f.1')).toBe(true);
    expect(judgeAddress('0x7f.1').range).toBe('loopback');
    expect(isIpLiteral('localhost')).toBe(false);
    expect(isIpLiteral('shop.example.com')).toBe(false);
  });

  it('should describe ranges in product words', () => {
    expect(describeRange('private')).toBe('a private network');
    expect(describeRange('uniqueLocal')).toBe('a private network');
    expect(describeRange('loopback')).toBe('this machine (loopback)');
    expect(describeRange('linkLocal')).toMatch(/metadata/);
    expect(describeRange('6to4')).toBe('a reserved address range');
  });
});

describe('resolving a host at connect time', () => {
  it('should refuse a name when any of its addresses is outside the policy', async () => {
    const mixed: HostResolver = () => Promise.resolve([{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]);
    await expect(resolveAllowed('shop.example.com', { policy: {}, resolve: mixed })).rejects.toMatchObject({ name: 'HostNotAllowedError', code: 'host_not_allowed', hostname: 'shop.example.com', range: 'private' });
  });

  it('should answer with the checked addresses of a public name, and judge a literal IP without a lookup', async () => {
    const resolve = jest.fn(publicResolver('93.184.216.34'));
    await expect(resolveAllowed('shop.example.com', { policy: {}, resolve })).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(resolveAllowed('169.254.169.254', { policy: {}, resolve })).rejects.toBeInstanceOf(HostNotAllowedError);
    await expect(resolveAllowed('[::1]', { policy: { allowPrivate: true }, resolve })).resolves.toEqual([{ address: '::1', family: 6 }]);
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('should read the policy at every lookup, so a reconfigured process follows it', async () => {
    let allowPrivate = false;
    const options = { policy: () => ({ allowPrivate }), resolve: publicResolver('192.168.0.2') };
    await expect(resolveAllowed('nas.local', options)).rejects.toBeInstanceOf(HostNotAllowedError);
    allowPrivate = true;
    await expect(resolveAllowed('nas.local', options)).resolves.toHaveLength(1);
  });

  it('should serve both lookup shapes of net.connect and pass on refusals', async () => {
    const lookup = guardedLookup({ policy: {}, resolve: () => Promise.resolve([{ address: '2606:4700::1', family: 6 }, { address: '93.184.216.34', family: 4 }]) });
    const all = await new Promise((resolve, reject) => lookup('shop.example.com', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
    expect(all).toEqual([{ address: '2606:4700::1', family: 6 }, { address: '93.184.216.34', family: 4 }]);
    const one = await new Promise((resolve, reject) => lookup('shop.example.com', { family: 4 }, (err, address, family) => (err ? reject(err) : resolve([address, family]))));
    expect(one).toEqual(['93.184.216.34', 4]);
    const refused = guardedLookup({ policy: {}, resolve: publicResolver('127.0.0.1') });
    const err = await new Promise((resolve) => refused('rebound.example.com', {}, (e) => resolve(e)));
    expect(err).toBeInstanceOf(HostNotAllowedError);
    expect((err as Error).message).toBe('rebound.example.com resolves to this machine (loopback), which is not allowed');
  });
});
