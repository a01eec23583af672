/**
 * Ticket numbers are read aloud over the phone and typed into SMS, so they are short, digits
 * only after a one-letter prefix, and carry a Damm check digit that catches every single-digit
 * typo and every swap of adjacent digits: `T261122-00427` = prefix, day (YYMMDD), the day's
 * sequence (at least 4 digits), check digit. Parsing is lenient: any case, with or without the
 * prefix and separators ("t 261122 0042 7", "26112200427").
 */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim][ch.charCodeAt(0) - 48];
  return interim;
}

export const TICKET_PREFIX = 'T';
const SEQ_MIN_DIGITS = 4;

/** `day` is the YYMMDD of the registration day in the deployment's time zone. */
export function formatTicketNumber(day: string, sequence: number): string {
  if (!/^\d{6}$/.test(day)) throw new Error(`day must be YYMMDD, got ${day}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new Error(`sequence must be a positive integer`);
  const seq = String(sequence).padStart(SEQ_MIN_DIGITS, '0');
  return `${TICKET_PREFIX}${day}-${seq}${dammDigit(day + seq)}`;
}

/** Returns the canonical form, or null when the text is not a well-formed ticket number. */
export function parseTicketNumber(text: string): string | null {
  if (typeof text !== 'string') return null;
  const compact = text.normalize('NFKC').toUpperCase().replace(/[\s\-_.\/]/g, '');
  const m = /^T?(\d{6})(\d{5,9})$/.exec(compact);
  if (!m) return null;
  const [, day, rest] = m;
  // a real day: this also keeps 11-digit mobile numbers (1[3-9]…, "month" 30+) from parsing
  const month = Number(day.slice(2, 4));
  const date = Number(day.slice(4, 6));
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  if (dammDigit(day + rest) !== 0) return null;
  const seq = rest.slice(0, -1);
  if (seq.length > SEQ_MIN_DIGITS && seq.startsWith('0')) return null;
  return `${TICKET_PREFIX}${day}-${rest}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const lastStamp = new Map<string, { minute: number; stamp: string }>();

/** YYMMDD of an instant in a time zone; runs on every call logged, so it is cached per minute (zone offsets are whole minutes). */
export function dayStamp(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastStamp.get(timeZone);
  if (last?.minute === minute) return last.stamp;
  const stamp = computeDayStamp(at, timeZone);
  lastStamp.set(timeZone, { minute, stamp });
  return stamp;
}

function computeDayStamp(at: Date, timeZone: string): string {
  // building a zoned formatter costs ~100 µs: one per zone
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: '2-digit', month: '2-digit', day: '2-digit' })));
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}
