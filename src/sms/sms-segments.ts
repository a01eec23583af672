/**
 * SMS length accounting (3GPP TS 23.038 / 23.040) and fitting text into a segment budget.
 * Carriers bill per segment and some refuse long concatenations, so the templates count here
 * exactly what the network will send rather than string length.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';
export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (an escaped character is 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

// GSM 03.38 default alphabet. 0x09 is drawn as Ç in the 3GPP table but Unicode's GSM0338 mapping
// reads it as ç; gateways (Twilio, Kannel, SMPP libraries) encode both, so both count as GSM-7.
// 0x1B is the escape to the extension table, never a character of its own.
const GSM_BASIC =
  '@£$¥èéùìòÇç\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table: sent as ESC + code, so each costs two septets. */
const GSM_EXTENDED = '\f^{}\\[~]|€';
/** Septets per UTF-16 code unit; 0 = not in GSM-7. Every GSM character is in the BMP. */
const GSM_COST = new Uint8Array(0x10000);
for (const ch of GSM_BASIC) GSM_COST[ch.charCodeAt(0)] = 1;
for (const ch of GSM_EXTENDED) GSM_COST[ch.charCodeAt(0)] = 2;

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  // A concatenated part loses 7 septets / 3 UCS-2 characters to the 6-byte UDH.
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (GSM_COST[text.charCodeAt(i)] === 0) return false;
  return true;
}

/** 2 at the start of a surrogate pair (an emoji, a rare Han character), else 1. */
function utf16Width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/**
 * How the network will carry `text`. A character's units never straddle two parts (an escape
 * pair or a surrogate pair is moved whole to the next part), so a part may hold one unit fewer
 * than its capacity and the segment count can exceed ceil(units / part).
 */
export function countSegments(text: string): SegmentInfo {
  const gsm = isGsm7(text);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const { single, part } = LIMITS[encoding];
  let units = 0;
  let used = 0;
  let segments = 1;
  for (let i = 0; i < text.length; ) {
    const width = utf16Width(text, i);
    const cost = gsm ? GSM_COST[text.charCodeAt(i)] : width;
    i += width;
    units += cost;
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments: units <= single ? 1 : segments };
}

/** UTF-16 index just after the first `n` code points of `text` (its length if it has fewer). */
function indexAfter(text: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) i += utf16Width(text, i);
  return i;
}

/**
 * Cuts `text` to at most `limit` code points, ending it with `ellipsis` when something was cut.
 * Counts code points so an emoji is never split; returns '' when not even the ellipsis fits.
 */
export function clip(text: string, limit: number, ellipsis: string): string {
  if (text.length <= limit || indexAfter(text, limit) >= text.length) return text;
  const keep = limit - Array.from(ellipsis).length;
  if (keep <= 0) return '';
  return text.slice(0, indexAfter(text, keep)).trimEnd() + ellipsis;
}

// Typographic characters that people paste from word processors. One of them would switch a
// whole English message to UCS-2 and cut its capacity from 459 to 201 units.
const GSM_LOOKALIKES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
];

/** Replaces typographic punctuation with its GSM-7 equivalent; other characters are kept. */
export function toGsmLookalikes(text: string): string {
  return GSM_LOOKALIKES.reduce((s, [pattern, plain]) => s.replace(pattern, plain), text);
}

/**
 * A message whose elastic parts (free text, list lengths) can be shortened. `build` renders it
 * with every elastic field cut to `limits[field]`; `full` holds the limits at which nothing is cut.
 * `steps` is the order of sacrifice: each lowers one field as little as needed, not below its floor.
 */
export interface ElasticMessage<F extends string> {
  build(limits: Readonly<Record<F, number>>): string;
  full: Readonly<Record<F, number>>;
  steps: ReadonlyArray<readonly [field: F, floor: number]>;
}

/**
 * Shrinks the elastic fields of `message` in step order until it fits `maxSegments`, then gives
 * room freed by later steps back to earlier fields (a status list that dropped tickets can show
 * longer notes). Returns the best effort when even every floor is too long; the caller's fixed
 * parts are what bound that case.
 */
export function fitToSegments<F extends string>(message: ElasticMessage<F>, maxSegments: number): string {
  const limits = { ...message.full } as Record<F, number>;
  // every trial is a whole message built and counted (bench:sms: renders allocated most of what
  // its server's garbage collector had to promote and compact), so trials are few: the last body
  // that fitted is kept rather than built again, and a search starts where a straight line
  // through two trials says the answer is (a message grows about linearly with a field's limit)
  let fitted: { body: string; at: Record<F, number> } | undefined;
  let last = { units: 0, capacity: 0 };
  const fits = () => {
    const body = message.build(limits);
    const info = countSegments(body);
    last = { units: info.units, capacity: maxSegments * LIMITS[info.encoding].part };
    if (info.segments > maxSegments) return false;
    fitted = { body, at: { ...limits } };
    return true;
  };
  if (fits()) return fitted!.body;
  for (const [field, floor] of message.steps) {
    const hi = limits[field];
    if (hi > floor) {
      // the trial just made, at `hi`, did not fit
      const atHi = last;
      limits[field] = floor;
      if (fits() && hi - floor > 1) {
        const slope = (atHi.units - last.units) / (hi - floor);
        const estimate = slope > 0 ? floor + Math.floor((last.capacity - last.units) / slope) : floor + 1;
        limits[field] = largestFitting(limits, field, floor, hi - 1, fits, estimate);
      }
    }
    if (fitted && sameLimits(fitted.at, limits)) break;
    if (fits()) break;
  }
  // room freed by later steps goes back to earlier fields; what was never cut has nothing to take back
  for (const field of new Set(message.steps.map(([f]) => f))) {
    if (limits[field] < message.full[field]) limits[field] = largestFitting(limits, field, limits[field], message.full[field], fits);
  }
  return fitted && sameLimits(fitted.at, limits) ? fitted.body : message.build(limits);
}

function sameLimits<F extends string>(a: Record<F, number>, b: Record<F, number>): boolean {
  return (Object.keys(b) as F[]).every((f) => a[f] === b[f]);
}

/**
 * The largest value of `field` in (lo, hi] that fits, or `lo` when none does (`lo` itself is not
 * tried). Looks at `from` first and gallops from there — up while it fits (+1, +2, +4, …), down
 * while it does not — then halves what is left: near a good estimate, two or three trials.
 */
function largestFitting<F extends string>(limits: Record<F, number>, field: F, lo: number, hi: number, fits: () => boolean, from = lo + 1): number {
  const test = (value: number) => {
    limits[field] = value;
    return fits();
  };
  // the answer is `best` or in [low, high]
  let best = lo;
  let low = lo + 1;
  let high = hi;
  if (low <= high) {
    const start = Math.min(high, Math.max(low, from));
    if (test(start)) {
      best = start;
      low = start + 1;
      for (let step = 1; low <= high; step *= 2) {
        const probe = Math.min(high, best + step);
        if (!test(probe)) {
          high = probe - 1;
          break;
        }
        best = probe;
        low = probe + 1;
      }
    } else {
      high = start - 1;
      for (let step = 1; low <= high; step *= 2) {
        const probe = Math.max(low, high + 1 - step);
        if (test(probe)) {
          best = probe;
          low = probe + 1;
          break;
        }
        high = probe - 1;
      }
    }
  }
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (test(mid)) {
      best = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  limits[field] = best;
  return best;
}
