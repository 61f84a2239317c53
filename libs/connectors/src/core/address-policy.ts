/**
 * Which network addresses an outbound call may connect to (issue 19: a stored secret never leaves for a host the admin
 * did not mean). Only globally routable unicast addresses are public; every special-purpose range of the IANA IPv4 and
 * IPv6 Special-Purpose Address Registries (RFC 6890 and successors) is refused, as ipaddr.js's `range()` names them:
 * loopback (127/8, ::1), private (RFC 1918: 10/8, 172.16/12, 192.168/16), unique local (fc00::/7, RFC 4193),
 * link-local (169.254/16 with the cloud metadata address 169.254.169.254, fe80::/10), carrier-grade NAT (100.64/10,
 * RFC 6598), unspecified (0/8, ::), broadcast, multicast (224/4, ff00::/8), the reserved and documentation ranges, and
 * the translation prefixes that can embed an IPv4 address (NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo). An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries; the rest of ::/8 (IPv4-compatible
 * ::a.b.c.d included) is reserved by RFC 4291 and refused too.
 */
import ipaddr from 'ipaddr.js';

/** The verdict on one address: `range` is ipaddr.js's name of its range (`unicast` for a public address). */
export type AddressVerdict = { address: string; isAllowed: boolean; range: string };

/** What the policy lets through besides public addresses. */
export type AddressPolicyOptions = {
  /** Private and special-purpose addresses too (ALLOW_PRIVATE_HOSTS, or the demo's sandboxes on this machine). */
  allowPrivate?: boolean | undefined;
};

/** The one range a public address is in (ipaddr.js: everything not special-purpose). */
const PUBLIC_RANGE = 'unicast';

/**
 * Judges one IP address (IPv4 dotted, IPv6, with or without brackets; ipaddr.js also reads the legacy IPv4 forms
 * such as `0x7f.1` the way the OS resolver would). A string that is not an IP address is never allowed
 * (`range: 'invalid'`), whatever the options.
 */
export function judgeAddress(address: string, options: AddressPolicyOptions = {}): AddressVerdict {
  const range = rangeOf(address);
  if (range === 'invalid') return { address, isAllowed: false, range };
  return { address, isAllowed: range === PUBLIC_RANGE || options.allowPrivate === true, range };
}

/** True when `text` is a literal IP address (a host name needs DNS first), brackets around IPv6 allowed. */
export function isIpLiteral(text: string): boolean {
  return ipaddr.isValid(unbracket(text));
}

/**
 * The address range in words a finance admin can follow (for errors and ping hints), e.g. "a private network".
 * `range` is a verdict's `range`.
 */
export function describeRange(range: string): string {
  const words: Record<string, string> = {
    loopback: 'this machine (loopback)',
    private: 'a private network',
    uniqueLocal: 'a private network',
    linkLocal: 'a link-local address (such as the cloud metadata service)',
    carrierGradeNat: 'a carrier-grade NAT network',
    unspecified: 'an unspecified address',
    broadcast: 'a broadcast address',
    multicast: 'a multicast address',
    invalid: 'no valid address',
  };
  return words[range] ?? 'a reserved address range';
}

function rangeOf(address: string): string {
  const text = unbracket(address);
  if (!ipaddr.isValid(text)) return 'invalid';
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') return parsed.range();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const range = v6.range();
  // ::/8 (IETF reserved, RFC 4291 §2.4) holds the deprecated IPv4-compatible form ::a.b.c.d, which ipaddr.js calls unicast.
  if (range === PUBLIC_RANGE && (v6.parts[0] ?? 0) < 0x100) return 'reserved';
  return range;
}

function unbracket(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}
