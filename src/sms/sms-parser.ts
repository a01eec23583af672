/**
 * Reads what a citizen meant by an inbound SMS: a status query, a satisfaction rating, a report
 * that the problem is not solved, or a carrier keyword (STOP/START/HELP). Bodies are messy (full-
 * width digits, Chinese punctuation, emoji, mixed languages), so the text is folded to tokens
 * first and every rule works on tokens. Each step is one pass or a bounded scan per token and no
 * regex here can backtrack, so cost grows with length alone; the body is also cut at a length no
 * real SMS reaches.
 */
import { dammDigit, parseTicketNumber } from '../tickets/ticket-number.js';

export type SmsLocale = 'zh-CN' | 'en';
export interface RatingOption { score: number; satisfied: boolean; labels: Record<SmsLocale, string> }

/** Default scale: 1 满意/satisfied, 2 基本满意/basically satisfied, 3 不满意/not satisfied (only 3 is unsatisfied). */
export const DEFAULT_RATING_OPTIONS: RatingOption[] = [
  { score: 1, satisfied: true, labels: { 'zh-CN': '满意', en: 'satisfied' } },
  { score: 2, satisfied: true, labels: { 'zh-CN': '基本满意', en: 'basically satisfied' } },
  { score: 3, satisfied: false, labels: { 'zh-CN': '不满意', en: 'not satisfied' } },
];

export interface TicketRef { ticketNumber: string; accessCode?: string }
export type SmsIntent =
  | { kind: 'empty' }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'status'; ref?: TicketRef }
  | { kind: 'rating'; score: number; ref?: TicketRef }
  | { kind: 'unsolved'; ref?: TicketRef }
  | { kind: 'unknown' };
export interface ParsedSms {
  intent: SmsIntent;
  /** language the text is written in, when it can tell (CJK characters → zh-CN, Latin words → en); null for digits only */
  locale: SmsLocale | null;
}

type TokenKind = 'digits' | 'latin' | 'han' | 'other';
interface Token { kind: TokenKind; text: string }
interface TicketHit { start: number; end: number; ticketNumber: string }
interface RefScan { ref?: TicketRef; used: Set<number> }

// Carriers act on these only when they are the whole message; so do we, or "please stop calling me
// about T…" would unsubscribe someone who is asking about their ticket.
const WHOLE_MESSAGE = new Map<string, 'stop' | 'start' | 'help'>([
  ...['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', '退订', 'td'].map((k) => [k, 'stop'] as const),
  ...['start', 'unstop', 'yes', '订阅', '恢复'].map((k) => [k, 'start'] as const),
  ...['help', 'info', '帮助'].map((k) => [k, 'help'] as const),
]);
const STATUS_WORDS = ['status', 'progress', '查询', '进度', '状态', 'cx'];
// pinyin initials (tuìdìng, cháxún) are typed by Chinese readers, so they say zh-CN, not en
const PINYIN_WORDS = new Set(['td', 'cx']);
const UNSOLVED_ZH = ['未解决', '没解决', '没有解决', '没人处理', '没有人处理', '无人处理', '没处理', '没有处理', '未处理'];
const UNSOLVED_EN = new Set(['unsolved', 'unresolved']);
const NOT_EN = new Set(['not', 'never']);
const SOLVED_EN = new Set(['solved', 'resolved', 'fixed', 'handled']);
// words that may sit between "not" and the verb: "not yet fixed", "has not been resolved"
const BETWEEN_EN = new Set(['yet', 'been', 'being', 'really', 'properly', 'fully', 'completely', 'actually', 'even', 'still', 'got', 'gotten']);
// tokens that may surround a bare score without changing it: "3分", "评分：3", "rating 3"
const SCORE_FILLER = new Set(['分', '评分', '打分', '评价', 'rate', 'rating', 'score', 'code', 'pin', '密码', '验证码', '查询码']);
const NEGATORS_ZH = /[不没未别]/;

const TICKET_MIN_DIGITS = 11; // YYMMDD + 4-digit sequence + check digit
const TICKET_MAX_DIGITS = 15; // parseTicketNumber allows at most 9 digits after the day
const ACCESS_CODE_DIGITS = 4;
// the provider caps a (concatenated) SMS at 1,600 characters: anything longer is not a text a
// person typed, and cutting it keeps a hostile webhook body from costing more than a real one
const MAX_BODY_CHARS = 2_000;

// each alternative is one character class: a match can never backtrack
const TOKEN = /([0-9]+)|(\p{Script=Latin}+)|(\p{Script=Han}+)|[^\P{L}\p{Script=Latin}\p{Script=Han}]+/gu;
const WORDY = /[\p{Script=Latin}0-9]/u;

export function parseSms(body: string | null | undefined, ratingOptions: RatingOption[] = DEFAULT_RATING_OPTIONS): ParsedSms {
  const raw = typeof body === 'string' ? body.slice(0, MAX_BODY_CHARS) : '';
  // NFKC folds full-width forms (１２３, Ｔ, ？, ：) to ASCII; expanding n't keeps "hasn't been fixed" a negation
  const text = raw.normalize('NFKC').toLowerCase().replace(/n['’]t\b/g, ' not');
  const tokens = tokenize(text);
  if (tokens.length === 0) return { intent: { kind: text.includes('?') ? 'help' : 'empty' }, locale: null };
  const scores = new Set(ratingOptions.map((o) => String(o.score)));
  const scan = findRef(tokens, scores);
  return { intent: classify(tokens, scan, ratingOptions, scores), locale: detectLocale(tokens, scan.used) };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let lastEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const kind: TokenKind = m[1] ? 'digits' : m[2] ? 'latin' : m[3] ? 'han' : 'other';
    const prev = tokens.at(-1);
    // Chinese has no spaces between words, so "基本 满意" is one phrase with a stray space in it
    if (kind === 'han' && prev?.kind === 'han' && text.slice(lastEnd, m.index).trim() === '') prev.text += m[0];
    else tokens.push({ kind, text: m[0] });
    lastEnd = m.index + m[0].length;
  }
  return tokens;
}

function classify(tokens: Token[], scan: RefScan, options: RatingOption[], scores: Set<string>): SmsIntent {
  const phrase = tokens.map((t) => t.text).join(' ');
  const whole = WHOLE_MESSAGE.get(phrase.replaceAll(' ', ''));
  if (whole) return { kind: whole };
  const ref = scan.ref ? { ref: scan.ref } : {};
  // "不满意，问题没有解决" both rates and reports: unsolved wins, because it reopens the ticket and
  // a reopened ticket is rated again when it is next resolved, so no rating is lost
  if (saysUnsolved(tokens, phrase)) return { kind: 'unsolved', ...ref };
  const label = matchLabel(phrase, options);
  // "不太满意", "not very satisfied": a negated label is no score at all; a person reads it
  if (label && label.negated) return { kind: 'unknown' };
  if (label) return { kind: 'rating', score: label.score, ...ref };
  const score = bareScore(tokens, scan.used, scores);
  if (score !== undefined) return { kind: 'rating', score, ...ref };
  if (scan.ref || STATUS_WORDS.some((w) => indexOfWords(phrase, w) >= 0)) return { kind: 'status', ...ref };
  return { kind: 'unknown' };
}

function findRef(tokens: Token[], scores: Set<string>): RefScan {
  const used = new Set<number>();
  const hit = findTicket(tokens, (run) => run.length === ACCESS_CODE_DIGITS || scores.has(run));
  if (!hit) return { used };
  for (let i = hit.start; i <= hit.end; i++) used.add(i);
  if (tokens[hit.start - 1]?.text === 't') used.add(hit.start - 1);
  const code = findCode(tokens, hit.end + 1);
  if (code === undefined) return { ref: { ticketNumber: hit.ticketNumber }, used };
  used.add(code);
  return { ref: { ticketNumber: hit.ticketNumber, accessCode: tokens[code].text }, used };
}

/** The first ticket number in the text, read from runs of digits that only separators split. */
function findTicket(tokens: Token[], isTrailer: (run: string) => boolean): TicketHit | undefined {
  for (let start = 0; start < tokens.length; start++) {
    if (tokens[start].kind !== 'digits') continue;
    const hit = ticketFrom(tokens, start, isTrailer);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * A check digit passes by chance one time in ten, so "T261122-42717 1234" can also read as one
 * 15-digit number. Prefer the shortest reading whose leftover digits are an access code or a score
 * (what people actually type after a number); failing that, the shortest valid reading.
 */
function ticketFrom(tokens: Token[], start: number, isTrailer: (run: string) => boolean): TicketHit | undefined {
  let digits = '';
  let fallback: TicketHit | undefined;
  for (let end = start; end < tokens.length && tokens[end].kind === 'digits'; end++) {
    digits += tokens[end].text;
    if (digits.length > TICKET_MAX_DIGITS) break;
    // the check digit alone rejects nine junk candidates in ten before the full parse
    if (digits.length < TICKET_MIN_DIGITS || dammDigit(digits) !== 0) continue;
    const ticketNumber = parseTicketNumber(digits);
    if (!ticketNumber) continue;
    const hit = { start, end, ticketNumber };
    if (onlyTrailers(tokens, end + 1, isTrailer)) return hit;
    fallback ??= hit;
  }
  return fallback;
}

function onlyTrailers(tokens: Token[], from: number, isTrailer: (run: string) => boolean): boolean {
  let count = 0;
  for (let i = from; i < tokens.length && tokens[i].kind === 'digits'; i++) {
    if (++count > 2 || !isTrailer(tokens[i].text)) return false;
  }
  return true;
}

/** The access code is the next 4-digit run after the number; a longer number (a phone, a second ticket) ends the search. */
function findCode(tokens: Token[], from: number): number | undefined {
  for (let i = from; i < tokens.length; i++) {
    if (tokens[i].kind !== 'digits') continue;
    if (tokens[i].text.length === ACCESS_CODE_DIGITS) return i;
    if (tokens[i].text.length > ACCESS_CODE_DIGITS) return undefined;
  }
  return undefined;
}

function saysUnsolved(tokens: Token[], phrase: string): boolean {
  if (UNSOLVED_ZH.some((p) => phrase.includes(p))) return true;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].text;
    if (UNSOLVED_EN.has(word)) return true;
    if (!NOT_EN.has(word)) continue;
    let j = i + 1;
    while (j < tokens.length && BETWEEN_EN.has(tokens[j].text)) j++;
    if (j < tokens.length && SOLVED_EN.has(tokens[j].text)) return true;
  }
  return false;
}

/** The longest label found wins: "基本满意" is 2 though it contains "满意", "not satisfied" is 3. */
function matchLabel(phrase: string, options: RatingOption[]): { score: number; negated: boolean } | undefined {
  let best: { score: number; label: string; index: number } | undefined;
  for (const option of options) {
    for (const raw of Object.values(option.labels)) {
      // labels are configuration: fold them exactly as the message was folded
      const label = tokenize(raw.normalize('NFKC').toLowerCase()).map((t) => t.text).join(' ');
      if (!label || (best && best.label.length >= label.length)) continue;
      const index = indexOfWords(phrase, label);
      if (index >= 0) best = { score: option.score, label, index };
    }
  }
  return best && { score: best.score, negated: negatedAt(phrase, best.index) };
}

function negatedAt(phrase: string, index: number): boolean {
  const before = phrase.slice(Math.max(0, index - 40), index);
  if (NEGATORS_ZH.test(before.slice(-3))) return true;
  return before.split(' ').slice(-3).some((w) => NOT_EN.has(w));
}

/**
 * A score typed as a number: alone (but for the ticket, its code and filler like "分"), or leading
 * the message with words after it and no other number — callers answer the rating question with
 * the digit first and then say why ("3，还是很吵", "1 thanks"). A digit inside a sentence ("I
 * waited 3 days") is no score.
 */
function bareScore(tokens: Token[], used: Set<number>, scores: Set<string>): number | undefined {
  const rest = tokens.filter((t, i) => !used.has(i) && !SCORE_FILLER.has(t.text));
  if (rest.length === 0 || !scores.has(rest[0].text)) return undefined;
  if (rest.length === 1) return Number(rest[0].text);
  return rest.slice(1).every((t) => t.kind !== 'digits') ? Number(rest[0].text) : undefined;
}

/** Index of `needle` in `phrase` as whole words, or -1; Chinese matches inside a run since it has no word breaks. */
function indexOfWords(phrase: string, needle: string): number {
  const wordyStart = WORDY.test(needle[0]);
  const wordyEnd = WORDY.test(needle[needle.length - 1]);
  for (let i = phrase.indexOf(needle); i >= 0; i = phrase.indexOf(needle, i + 1)) {
    const joinsBefore = wordyStart && i > 0 && WORDY.test(phrase[i - 1]);
    const joinsAfter = wordyEnd && WORDY.test(phrase[i + needle.length] ?? ' ');
    if (!joinsBefore && !joinsAfter) return i;
  }
  return -1;
}

function detectLocale(tokens: Token[], used: Set<number>): SmsLocale | null {
  let latin = false;
  let pinyin = false;
  for (const [i, token] of tokens.entries()) {
    if (token.kind === 'han') return 'zh-CN';
    // the T of a ticket number is no English word
    if (token.kind !== 'latin' || used.has(i)) continue;
    if (PINYIN_WORDS.has(token.text)) pinyin = true;
    else latin = true;
  }
  return latin ? 'en' : pinyin ? 'zh-CN' : null;
}
