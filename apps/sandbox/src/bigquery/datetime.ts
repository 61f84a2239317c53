/**
 * DATE, TIME, DATETIME and TIMESTAMP texts as BigQuery reads them (GoogleSQL "Date/time literals" and "Timestamp
 * type": `YYYY-[M]M-[D]D`, `[H]H:[M]M:[S]S[.F]` up to six fractional digits, a `T` or space between, time zone
 * `Z`, `UTC` or `±HH[:MM]`), range 0001-01-01 … 9999-12-31. TIMESTAMP is kept as bigint microseconds since the
 * epoch (exact over the whole range, unlike a double).
 */

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?$/;
const ZONE = /(?:\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?))$/i;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

type Civil = { y: number; m: number; d: number };
type Clock = { h: number; mi: number; s: number; micros: number; frac: string };

function civil(text: string): Civil | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return undefined;
  const probe = new Date(0);
  probe.setUTCFullYear(y, mo - 1, d);
  return probe.getUTCDate() === d ? { y, m: mo, d } : undefined;
}

function clock(text: string): Clock | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? '0');
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const frac = (m[4] ?? '').replace(/0+$/, '');
  return { h, mi, s, micros: Number((m[4] ?? '').padEnd(6, '0')), frac };
}

const dateText = (c: Civil): string => `${pad(c.y, 4)}-${pad(c.m)}-${pad(c.d)}`;
const timeText = (t: Clock): string => `${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}${t.frac ? `.${t.frac}` : ''}`;

/** Canonical `YYYY-MM-DD`, or undefined. */
export function parseDate(text: string): string | undefined {
  const c = civil(text.trim());
  return c ? dateText(c) : undefined;
}

/** Canonical `HH:MM:SS[.ffffff]` (trailing fractional zeros dropped), or undefined. */
export function parseTime(text: string): string | undefined {
  const t = clock(text.trim());
  return t ? timeText(t) : undefined;
}

function splitDateTime(text: string): { date: string; time?: string } {
  const m = /^(\S+?)(?:[Tt ]+(.*))?$/.exec(text.trim());
  return m?.[2] !== undefined ? { date: m[1] ?? '', time: m[2] } : { date: m?.[1] ?? text };
}

/** Canonical DATETIME `YYYY-MM-DDTHH:MM:SS[.ffffff]` (the REST form), or undefined. A zone is refused. */
export function parseDatetime(text: string): string | undefined {
  const { date, time } = splitDateTime(text);
  const c = civil(date);
  const t = time === undefined ? clock('0:0:0') : clock(time);
  return c && t ? `${dateText(c)}T${timeText(t)}` : undefined;
}

/** A TIMESTAMP text as microseconds since 1970-01-01T00:00:00Z (no zone = UTC), or undefined. */
export function parseTimestamp(text: string): bigint | undefined {
  let rest = text.trim();
  let offsetMinutes = 0;
  const zone = ZONE.exec(rest);
  const isOffset = zone?.[1] !== undefined && /^[+-]/.test(zone[1]);
  // `2024-01-02` ends like an offset (`-02`): an offset only counts after a time of day.
  if (zone?.[1] !== undefined && zone.index > 0 && (!isOffset || rest.slice(0, zone.index).includes(':'))) {
    const z = zone[1].toUpperCase();
    if (z !== 'Z' && z !== 'UTC') {
      const zm = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
      if (!zm) return undefined;
      const minutes = Number(zm[2]) * 60 + Number(zm[3] ?? '0');
      if (minutes > 14 * 60) return undefined;
      offsetMinutes = zm[1] === '-' ? -minutes : minutes;
    }
    rest = rest.slice(0, zone.index);
  }
  const { date, time } = splitDateTime(rest);
  const c = civil(date);
  const t = time === undefined ? clock('0:0:0') : clock(time);
  if (!c || !t) return undefined;
  const probe = new Date(0);
  probe.setUTCFullYear(c.y, c.m - 1, c.d);
  probe.setUTCHours(t.h, t.mi, t.s, 0);
  return (BigInt(probe.getTime()) - BigInt(offsetMinutes) * 60_000n) * 1000n + BigInt(t.micros);
}

/** Epoch seconds (a JSON number or its text, possibly fractional) as microseconds, or undefined. */
export function secondsToMicros(text: string): bigint | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d{0,6})\d*)?$/.exec(text.trim());
  if (!m) return undefined;
  const micros = BigInt(m[2] ?? '0') * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] === '-' ? -micros : micros;
}

/** Microseconds since the epoch as ISO-8601 UTC (`2024-05-01T10:00:00.123456Z`; no fraction when zero). */
export function formatTimestamp(micros: bigint): string {
  let ms = micros / 1000n;
  let rem = micros % 1000n;
  if (rem < 0n) {
    ms -= 1n;
    rem += 1000n;
  }
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const frac = `${iso.slice(20, 23)}${rem.toString().padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}

/** Microseconds as BigQuery's float-seconds text (`1714557600.123456`), the form without `useInt64Timestamp`. */
export function formatTimestampSeconds(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / 1_000_000n}${frac ? `.${frac}` : ''}`;
}
