import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Normalises what an operator typed or a carrier sent into E.164. Accepts national forms
 * ("138 0013 8000", "010-6552 9988"), international ones ("+86…", "0086…", "+1 (415) …"),
 * full-width digits and stray punctuation. Refuses what is not a dialable number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode): PhoneResult {
  if (typeof input !== 'string') return { ok: false, reason: 'phone must be a string' };
  let s = input
    .normalize('NFKC') // full-width digits and plus sign from Chinese IMEs
    .trim()
    .replace(/^tel:/i, '');
  if (!s) return { ok: false, reason: 'phone is empty' };
  if (/[a-z]/i.test(s.replace(/\s*(ext\.?|x|#)\s*\d+$/i, ''))) {
    return { ok: false, reason: 'phone contains letters' };
  }
  // "00" is the international call prefix in most of the world (CN included)
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  const parsed = parsePhoneNumberFromString(s, defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: `not a valid phone number for ${defaultCountry} or in international form` };
  return { ok: true, e164: parsed.number };
}

/**
 * A number an SMS can reach, from someone we cannot ask again (an Open311 reporter): valid and a
 * mobile. A landline or a number that only parses as one of ours by accident ("(415) 555-0134"
 * read as a Chinese landline) would send the ticket's access code to a stranger.
 */
export function textablePhone(input: string, defaultCountry: CountryCode): PhoneResult {
  const r = normalizePhone(input, defaultCountry);
  if (!r.ok) return r;
  const type = parsePhoneNumberFromString(r.e164)?.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'not a mobile number, so it cannot receive SMS' };
  return r;
}
