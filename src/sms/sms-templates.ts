import { OPEN_STATUSES, type TicketStatus } from '../tickets/ticket-state.js';
import type { RatingOption, SmsLocale } from './sms-parser.js';
import { clip, countSegments, fitToSegments, toGsmLookalikes, type SmsEncoding } from './sms-segments.js';
import { isToken, wordingOf, type CompiledWording, type Placeholder, type WordingParts } from './sms-wording.js';

export const SMS_TEMPLATES = [
  // notifications to the caller
  'registered', 'accepted', 'extended', 'resolved', 'reopened',
  // replies to inbound texts
  'status', 'no_open_tickets', 'not_found', 'help', 'stopped', 'started', 'throttled',
  'rating_thanks', 'rating_reopened', 'already_rated', 'nothing_to_rate', 'unknown',
  // overdue alert to on-duty staff
  'alert',
] as const;
export type SmsTemplateKey = (typeof SMS_TEMPLATES)[number];

export interface TicketLine {
  number: string;
  status: TicketStatus;
  department?: string | null;
  due?: Date | null;
  overdue?: boolean;
  note?: string | null;
}

export interface TemplateParams {
  number?: string;
  code?: string;
  department?: string | null;
  due?: Date | null;
  reason?: string | null;
  result?: string | null;
  /** For 'status'. */
  tickets?: TicketLine[];
  moreTickets?: number;
  /** For 'resolved' (the question) and 'rating_thanks' (the label of `score`). */
  ratingOptions?: RatingOption[];
  score?: number;
  /** For 'alert'. */
  alertText?: string;
  /** Signature; default '12345'. */
  hotlineName?: string;
}

export interface RenderedSms {
  body: string;
  encoding: SmsEncoding;
  units: number;
  segments: number;
}

/**
 * Every rendered message fits in this many segments: free text, department names and status
 * lists are shortened to fit, never the ticket number, access code or deadline.
 */
export const MAX_SEGMENTS = 3;
/** The signature is deployment config; capping it keeps the fixed parts inside the budget. */
const MAX_HOTLINE_NAME = 20;

const STATUS_WORDS: Record<SmsLocale, Record<TicketStatus, string>> = {
  'zh-CN': {
    registered: '已登记', dispatched: '已转办', returned: '重新派单中', accepted: '办理中', suspended: '暂缓办理',
    resolved: '已办结', reopened: '重新办理中', closed: '已办结', merged: '已合并办理',
  },
  en: {
    registered: 'registered', dispatched: 'assigned', returned: 'being reassigned', accepted: 'in progress',
    suspended: 'on hold', resolved: 'resolved', reopened: 'reopened', closed: 'closed', merged: 'merged with another ticket',
  },
};

/** How a caller reads a status: internal steps such as 'returned' are worded as what happens next. */
export function statusWords(status: TicketStatus, locale: SmsLocale): string {
  return STATUS_WORDS[locale][status];
}

// Constructing a DateTimeFormat costs ~100 µs and these render on hot paths: one per (locale, zone).
const dueFormatters = new Map<string, Intl.DateTimeFormat>();

function dueFormatter(locale: SmsLocale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let f = dueFormatters.get(key);
  if (!f) {
    // en-US parts, not en-GB: ICU 72+ abbreviates September as "Sept" in en-GB.
    const date: Intl.DateTimeFormatOptions =
      locale === 'zh-CN' ? { month: 'numeric', day: 'numeric', weekday: 'short' } : { month: 'short', day: 'numeric', weekday: 'short' };
    f = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { timeZone, ...date, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dueFormatters.set(key, f);
  }
  return f;
}

const dueTexts = new Map<string, string>();

/** zh-CN "11月24日(周二)18:00", en "Tue 24 Nov 18:00", on the wall clock of `timeZone`. */
export function formatDue(at: Date, locale: SmsLocale, timeZone: string): string {
  // deadlines fall on few distinct minutes (18:00 of working days): formatToParts is the costly
  // part of a status reply (bench:sms), so each minute is formatted once
  const key = `${locale}|${timeZone}|${Math.floor(at.getTime() / 60_000)}`;
  let text = dueTexts.get(key);
  if (text === undefined) {
    if (dueTexts.size >= 10_000) dueTexts.clear();
    dueTexts.set(key, (text = formatDueNow(at, locale, timeZone)));
  }
  return text;
}

function formatDueNow(at: Date, locale: SmsLocale, timeZone: string): string {
  const p: Record<string, string> = {};
  for (const part of dueFormatter(locale, timeZone).formatToParts(at)) p[part.type] = part.value;
  // Assembled from parts so the layout does not change with the runtime's ICU version.
  return locale === 'zh-CN'
    ? `${p.month}月${p.day}日(${p.weekday})${p.hour}:${p.minute}`
    : `${p.weekday} ${p.day} ${p.month} ${p.hour}:${p.minute}`;
}

/** What a template sees after fitting: department and free text possibly cut, trailing tickets folded into `more`. */
type Parts = WordingParts;
interface Line {
  number: string;
  status: string;
  dept: string;
  /** Deadline phrase, including whether it is met or overdue. */
  deadline: string;
  note: string;
}
interface Wording {
  ellipsis: string;
  rating(options: RatingOption[]): string;
  deadline(t: TicketLine, due: string): string;
  line(l: Line): string;
  templates: Record<SmsTemplateKey, (p: Parts) => string>;
}

/** `text` when `value` is there; written as an optional part when the shipped wording is shown as text (wordingOf). */
const opt = (value: string, text: string, otherwise = '') => (isToken(value) ? `[${text}${otherwise && `|${otherwise}`}]` : value ? text : otherwise);
const finished = (s: TicketStatus) => !OPEN_STATUSES.includes(s);
/** Closes a sentence unless it already ends in punctuation or was cut. */
const zhSentence = (text: string) => (/[。！？…!?.]$/.test(text) ? text : `${text}。`);
const sentence = (text: string) => (/[.!?。！？…]$/.test(text) ? text : `${text}.`);

const ZH: Wording = {
  ellipsis: '…',
  rating: (options) => options.map((o) => `${o.score}${o.labels['zh-CN']}`).join('，'),
  deadline: (t, due) => {
    if (finished(t.status)) return t.status === 'merged' || t.overdue === undefined ? '' : t.overdue ? '，超期办结' : '，按期办结';
    return opt(due, `，时限${due}`) + (t.overdue ? '，已超期' : '');
  },
  line: (l) => `${l.number}：${l.status}${opt(l.dept, `，${l.dept}`)}${l.deadline}${opt(l.note, `。进展：${l.note}`)}`,
  templates: {
    registered: (p) =>
      `【${p.sig}】您反映的问题已登记，工单号${p.number}，查询码${p.code}${opt(p.dept, `，承办单位：${p.dept}`)}` +
      `${opt(p.due, `，承诺办结时限：${p.due}`)}。回复工单号可查询进度。`,
    accepted: (p) => `【${p.sig}】您的工单${p.number}已${opt(p.dept, `由${p.dept}`)}受理${opt(p.due, `，承诺办结时限：${p.due}`)}。`,
    extended: (p) => `${zhSentence(`【${p.sig}】您的工单${p.number}办理时限延长至${p.due}${opt(p.text, `，原因：${p.text}`)}`)}感谢您的理解。`,
    reopened: (p) => `【${p.sig}】您的工单${p.number}已重新办理${opt(p.dept, `，由${p.dept}整改`)}${opt(p.due, `，整改时限：${p.due}`)}。`,
    resolved: (p) =>
      `【${p.sig}】您的工单${p.number}已${opt(p.dept, `由${p.dept}`)}办结。${opt(p.text, `办理结果：${zhSentence(p.text)}`)}` +
      opt(p.rating, `请评价：回复${p.rating}。`),
    status: (p) => `【${p.sig}】工单进度：\n${p.lines.join('\n')}${opt(p.more, `\n另有${p.more}件，回复工单号查看详情。`)}`,
    no_open_tickets: (p) => `【${p.sig}】您目前没有办理中的工单。查询其他工单，请回复工单号和4位查询码。`,
    not_found: (p) => `【${p.sig}】工单号或查询码有误，无法查询。请发送登记短信中的工单号和4位查询码，中间用空格隔开。`,
    help: (p) =>
      `【${p.sig}】短信服务：回复工单号（及4位查询码）查询进度；回复“查询”查看您的工单；` +
      `收到评价邀请后回复对应数字评价；回复TD退订。`,
    stopped: (p) => `【${p.sig}】您已成功退订，将不再收到本号码发送的工单通知短信。回复START恢复接收。`,
    started: (p) => `【${p.sig}】您已恢复接收工单通知短信。回复“帮助”获取使用说明，回复TD退订。`,
    throttled: (p) => `【${p.sig}】查询尝试次数过多，请稍后再试。`,
    rating_thanks: (p) => `【${p.sig}】已收到您${opt(p.number, `对工单${p.number}`)}的评价${opt(p.label, `（${p.label}）`)}，感谢您的支持！`,
    rating_reopened: (p) =>
      `【${p.sig}】已收到您的评价。工单${p.number}将重新办理${opt(p.dept, `，由${p.dept}整改`)}${opt(p.due, `，整改时限：${p.due}`)}。`,
    already_rated: (p) => `【${p.sig}】${opt(p.number, `工单${p.number}`, '该工单')}已评价，感谢您的反馈。`,
    nothing_to_rate: (p) => `【${p.sig}】您目前没有待评价的工单。`,
    unknown: (p) => `【${p.sig}】抱歉，未能识别您的短信。回复工单号可查询进度，回复“帮助”获取使用说明。`,
    alert: (p) => `【${p.sig}】超期提醒：工单${p.number}${opt(p.due, `，时限${p.due}`)}。${p.text}`,
  },
};

// Plain ASCII throughout: one curly quote or "…" would turn every English message into UCS-2.
const EN: Wording = {
  ellipsis: '...',
  rating: (options) => options.map((o) => `${o.score} ${o.labels.en}`).join(', '),
  deadline: (t, due) => {
    if (finished(t.status)) return t.status === 'merged' || t.overdue === undefined ? '' : t.overdue ? ', deadline missed' : ', deadline met';
    return opt(due, `, due ${due}`) + (t.overdue ? ', overdue' : '');
  },
  line: (l) => `${l.number}: ${l.status}${opt(l.dept, `, ${l.dept}`)}${l.deadline}${opt(l.note, `. Latest: ${l.note}`)}`,
  templates: {
    registered: (p) =>
      `${p.sig} Hotline: Your request is registered as ticket ${p.number}, access code ${p.code}.` +
      `${opt(p.dept, ` Handled by ${sentence(p.dept)}`)}${opt(p.due, ` We will resolve it by ${p.due}.`)}` +
      ` Reply with the ticket number to check its status.`,
    accepted: (p) =>
      `${p.sig} Hotline: ${sentence(`Ticket ${p.number} has been accepted${opt(p.dept, ` by ${p.dept}`)}`)}` +
      opt(p.due, ` We will resolve it by ${p.due}.`),
    extended: (p) =>
      `${p.sig} Hotline: The deadline for ticket ${p.number} is extended to ${p.due}.${opt(p.text, ` Reason: ${sentence(p.text)}`)}` +
      ` Thank you for your patience.`,
    reopened: (p) =>
      `${p.sig} Hotline: ${sentence(`Ticket ${p.number} has been reopened${opt(p.dept, ` and returned to ${p.dept}`)}`)}` +
      opt(p.due, ` It will be put right by ${p.due}.`),
    resolved: (p) =>
      `${p.sig} Hotline: ${sentence(`Ticket ${p.number} has been resolved${opt(p.dept, ` by ${p.dept}`)}`)}` +
      `${opt(p.text, ` Result: ${sentence(p.text)}`)}${opt(p.rating, ` How did we do? Reply ${p.rating}.`)}`,
    status: (p) =>
      `${p.sig} Hotline: Ticket status:\n${p.lines.join('\n')}` +
      opt(p.more, `\n...and ${p.more} more; text a ticket number for its details.`),
    no_open_tickets: (p) =>
      `${p.sig} Hotline: You have no open tickets. To check another ticket, text its number and 4-digit access code.`,
    not_found: (p) =>
      `${p.sig} Hotline: We could not match that ticket number and access code. Please text the ticket number and ` +
      `the 4-digit access code from your registration SMS, separated by a space.`,
    help: (p) =>
      `${p.sig} Hotline: Text a ticket number (plus its 4-digit access code) for its status, or STATUS for your tickets. ` +
      `To rate, reply with the number. Text STOP to opt out, START to opt in.`,
    stopped: (p) =>
      `${p.sig} Hotline: You have been unsubscribed and will no longer receive messages from this number. Reply START to resubscribe.`,
    started: (p) => `${p.sig} Hotline: You are subscribed again to ticket updates from this number. Reply HELP for help, STOP to opt out.`,
    throttled: (p) => `${p.sig} Hotline: Too many attempts. Please try again later.`,
    rating_thanks: (p) =>
      `${p.sig} Hotline: Thank you. Your rating${opt(p.label, ` (${p.label})`)}${opt(p.number, ` of ticket ${p.number}`)} has been recorded.`,
    rating_reopened: (p) =>
      `${p.sig} Hotline: Thank you for your feedback. ` +
      `${sentence(`Ticket ${p.number} has been reopened${opt(p.dept, ` and returned to ${p.dept}`)}`)}` +
      opt(p.due, ` It will be put right by ${p.due}.`),
    already_rated: (p) => `${p.sig} Hotline: ${opt(p.number, `Ticket ${p.number}`, 'This ticket')} has already been rated. Thank you for your feedback.`,
    nothing_to_rate: (p) => `${p.sig} Hotline: You have no ticket waiting for a rating.`,
    unknown: (p) => `${p.sig} Hotline: Sorry, we did not understand your message. Text a ticket number for its status, or HELP for help.`,
    alert: (p) => `${p.sig} Hotline: Overdue: ticket ${p.number}${opt(p.due, ` (due ${p.due})`)}.${opt(p.text, ` ${p.text}`)}`,
  },
};

const WORDING: Record<SmsLocale, Wording> = { 'zh-CN': ZH, en: EN };

/** Parameters a template cannot be written without; a missing one is a bug in the caller. */
const REQUIRED: Partial<Record<SmsTemplateKey, readonly (keyof TemplateParams)[]>> = {
  registered: ['number', 'code'], accepted: ['number'], extended: ['number', 'due'], reopened: ['number'],
  resolved: ['number'], status: ['tickets'], rating_reopened: ['number'], alert: ['number'],
};

/** The free text each template may shorten first. */
const FREE_TEXT: Partial<Record<SmsTemplateKey, keyof TemplateParams>> = { extended: 'reason', resolved: 'result', alert: 'alertText' };

type Field = 'text' | 'department' | 'tickets';
// Free text gives way first but keeps a readable stub while there are other things to cut.
const STEPS: readonly (readonly [Field, number])[] = [['text', 20], ['department', 12], ['text', 0], ['department', 0]];
// A status reply keeps as many tickets as fit with short notes, then lets the notes grow back.
const STATUS_STEPS: readonly (readonly [Field, number])[] = [['text', 24], ['tickets', 1], ['department', 12], ['text', 0], ['department', 0]];

// 480 UTF-16 units cost at least 480 septets or UCS-2 units, more than 3 segments hold, so text
// is cut before this point anyway; trial renders then never copy a 100 kB note.
const NEVER_FITS = MAX_SEGMENTS * 160;
const DANGLING = new Set(' ,，;；:：、');

/** One line, whitespace collapsed; English also loses typographic punctuation that is not GSM-7. */
function tidy(text: string | null | undefined, locale: SmsLocale): string {
  let flat = (text ?? '').replace(/\s+/g, ' ').trim();
  // A trailing comma or colon would run into the punctuation the template adds. A loop, not
  // /[,;]+$/, which backtracks quadratically over a long run of commas.
  let end = flat.length;
  while (end > 0 && DANGLING.has(flat[end - 1])) end -= 1;
  flat = flat.slice(0, Math.min(end, NEVER_FITS * 2));
  return (locale === 'en' ? toGsmLookalikes(flat) : flat).slice(0, NEVER_FITS);
}

const length = (s: string) => Array.from(s).length;

/** The free text's placeholder in a template's wording (see sms-wording.ts). */
const FREE_TEXT_NAME: Partial<Record<SmsTemplateKey, Placeholder>> = { extended: 'reason', resolved: 'result', alert: 'alert' };

/** The shipped wording of a template, written as a deployment would write its own. */
export function shippedWording(key: SmsTemplateKey, locale: SmsLocale): string {
  return wordingOf(WORDING[locale].templates[key], FREE_TEXT_NAME[key]);
}

/**
 * Renders one SMS in at most MAX_SEGMENTS segments of its encoding, in the shipped wording or the
 * deployment's own (`custom`). Throws a TypeError when a parameter the template needs is missing.
 */
export function renderSms(key: SmsTemplateKey, locale: SmsLocale, params: TemplateParams, timeZone: string, custom?: CompiledWording): RenderedSms {
  assertRequired(key, params);
  const w = WORDING[locale];
  const write = custom ? custom.build : w.templates[key];
  const fixed = fixedParts(key, locale, params, timeZone);
  const text = tidy(FREE_TEXT[key] ? (params[FREE_TEXT[key]] as string | null | undefined) : null, locale);
  const dept = tidy(params.department, locale);
  const tickets = (params.tickets ?? []).map((t) => ({
    number: t.number,
    status: statusWords(t.status, locale),
    dept: tidy(t.department, locale),
    deadline: w.deadline(t, t.due ? formatDue(t.due, locale, timeZone) : ''),
    note: tidy(t.note, locale),
  }));
  const body = fitToSegments<Field>(
    {
      full: {
        text: Math.max(length(text), ...tickets.map((t) => length(t.note))),
        department: Math.max(length(dept), ...tickets.map((t) => length(t.dept))),
        tickets: tickets.length,
      },
      steps: key === 'status' ? STATUS_STEPS : STEPS,
      build: (limits) =>
        write({
          ...fixed,
          dept: clip(dept, limits.department, w.ellipsis),
          text: clip(text, limits.text, w.ellipsis),
          lines: tickets
            .slice(0, limits.tickets)
            .map((t) => w.line({ ...t, dept: clip(t.dept, limits.department, w.ellipsis), note: clip(t.note, limits.text, w.ellipsis) })),
          more: String((params.moreTickets ?? 0) + tickets.length - limits.tickets || ''),
        }),
    },
    MAX_SEGMENTS,
  );
  return { body, ...countSegments(body) };
}

function assertRequired(key: SmsTemplateKey, params: TemplateParams): void {
  for (const name of REQUIRED[key] ?? []) {
    const value = params[name];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      throw new TypeError(`SMS template '${key}' needs '${name}'`);
    }
  }
}

type Fixed = Omit<Parts, 'dept' | 'text' | 'lines' | 'more'>;

function fixedParts(key: SmsTemplateKey, locale: SmsLocale, params: TemplateParams, timeZone: string): Fixed {
  const w = WORDING[locale];
  const options = (params.ratingOptions ?? []).map((o) => ({ ...o, labels: { ...o.labels, [locale]: tidy(o.labels[locale], locale) } }));
  const hotline = Array.from(tidy(params.hotlineName, locale) || '12345').slice(0, MAX_HOTLINE_NAME).join('');
  return {
    sig: hotline,
    number: params.number ?? '',
    code: params.code ?? '',
    due: params.due ? formatDue(params.due, locale, timeZone) : '',
    rating: key === 'resolved' ? w.rating(options) : '',
    label: options.find((o) => o.score === params.score)?.labels[locale] ?? '',
  };
}
