/**
 * PHP's URL coding functions, byte for byte, for the simulators of PHP shops (WooCommerce, Adobe Commerce) whose OAuth
 * 1.0a signature base strings are built with them (php.net: urldecode, rawurldecode, rawurlencode). Strings are PHP
 * byte strings: one JS char per byte (latin1).
 */

/** PHP urldecode(): `+` → space, `%XX` → that byte (malformed escapes are kept as they are). */
export function phpUrlDecode(text: string): string {
  return phpRawUrlDecode(text.replace(/\+/g, ' '));
}

/** PHP rawurldecode(): like urldecode() but `+` stays `+`. */
export function phpRawUrlDecode(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** PHP rawurlencode() (RFC 3986) of a byte string: everything but `A-Za-z0-9-_.~` becomes `%XX` (upper case). */
export function phpRawUrlEncode(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const c = bytes.charCodeAt(i) & 0xff;
    const ch = String.fromCharCode(c);
    out += /[A-Za-z0-9_.~-]/.test(ch) ? ch : `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A UTF-8 JS string as a PHP byte string. */
export function toBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}
