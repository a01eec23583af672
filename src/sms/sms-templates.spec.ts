import { jest } from '@jest/globals';
import type { TicketStatus } from '../tickets/ticket-state.js';
import { TICKET_STATUSES } from '../tickets/ticket-state.js';
import { DEFAULT_RATING_OPTIONS, type SmsLocale } from './sms-parser.js';
import { countSegments } from './sms-segments.js';
import { formatDue, MAX_SEGMENTS, renderSms, SMS_TEMPLATES, statusWords, type TemplateParams, type TicketLine } from './sms-templates.js';

const TZ = 'Asia/Shanghai';
const LOCALES: SmsLocale[] = ['zh-CN', 'en'];
const due = new Date('2026-11-24T10:00:00Z'); // Tue 24 Nov 18:00 in Shanghai
const base: TemplateParams = { number: 'T261122-00427', code: '4821', department: 'City Roads Office', due };

describe('formatDue', () => {
  it('writes the deadline on the wall clock of the deployment zone', () => {
    expect(formatDue(due, 'zh-CN', TZ)).toBe('11月24日(周二)18:00');
    expect(formatDue(due, 'en', TZ)).toBe('Tue 24 Nov 18:00');
    expect(formatDue(due, 'en', 'America/New_York')).toBe('Tue 24 Nov 05:00');
  });

  it('writes midnight as 00:00 of the new day and September as Sep', () => {
    const midnight = new Date('2026-09-01T16:00:00Z');
    expect(formatDue(midnight, 'en', TZ)).toBe('Wed 2 Sep 00:00');
    expect(formatDue(midnight, 'zh-CN', TZ)).toBe('9月2日(周三)00:00');
  });

  it('gives every instant of a minute that minute, and each minute its own text', () => {
    const at = new Date('2026-11-24T10:00:00Z');
    expect(formatDue(new Date(at.getTime() + 59_999), 'en', TZ)).toBe('Tue 24 Nov 18:00');
    expect(formatDue(new Date(at.getTime() + 60_000), 'en', TZ)).toBe('Tue 24 Nov 18:01');
    expect(formatDue(new Date(at.getTime() - 1), 'en', TZ)).toBe('Tue 24 Nov 17:59');
    expect(formatDue(at, 'en', 'America/New_York')).toBe('Tue 24 Nov 05:00');
  });

  it('builds one formatter per locale and zone, not one per call', () => {
    const spy = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 5; i++) formatDue(new Date(due.getTime() + i * 3_600_000), 'en', 'Europe/Lisbon');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('statusWords', () => {
  it('words every status in both locales, English in GSM-7', () => {
    for (const status of TICKET_STATUSES) {
      expect(statusWords(status, 'zh-CN')).not.toBe('');
      expect(countSegments(statusWords(status, 'en')).encoding).toBe('GSM-7');
    }
  });

  it('tells the caller what happens next rather than an internal step', () => {
    expect(statusWords('returned', 'en')).toBe('being reassigned');
    expect(statusWords('accepted', 'zh-CN')).toBe('办理中');
  });
});

describe('renderSms: notifications', () => {
  it('registers in Chinese with number, access code, department, committed deadline and how to ask', () => {
    const sms = renderSms('registered', 'zh-CN', { ...base, department: '市城市管理局' }, TZ);
    expect(sms.body).toBe(
      '【12345】您反映的问题已登记，工单号T261122-00427，查询码4821，承办单位：市城市管理局，' +
        '承诺办结时限：11月24日(周二)18:00。回复工单号可查询进度。',
    );
    expect(sms).toMatchObject({ encoding: 'UCS-2', units: sms.body.length, segments: 2 });
  });

  it('keeps an English registration with an ASCII department in GSM-7', () => {
    const sms = renderSms('registered', 'en', base, TZ);
    expect(sms.body).toBe(
      '12345 Hotline: Your request is registered as ticket T261122-00427, access code 4821. Handled by City Roads Office. ' +
        'We will resolve it by Tue 24 Nov 18:00. Reply with the ticket number to check its status.',
    );
    expect(sms).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });

  it('signs with the configured hotline name, capped at 20 characters', () => {
    expect(renderSms('throttled', 'zh-CN', { hotlineName: '北京12345' }, TZ).body).toMatch(/^【北京12345】/);
    expect(renderSms('throttled', 'en', { hotlineName: 'Beijing 12345' }, TZ).body).toMatch(/^Beijing 12345 Hotline: /);
    expect(renderSms('throttled', 'en', { hotlineName: 'x'.repeat(30) }, TZ).body).toMatch(/^x{20} Hotline: /);
  });

  it('leaves out the department and deadline clauses when they are not known', () => {
    expect(renderSms('accepted', 'zh-CN', { number: base.number }, TZ).body).toBe('【12345】您的工单T261122-00427已受理。');
    expect(renderSms('accepted', 'en', { number: base.number }, TZ).body).toBe('12345 Hotline: Ticket T261122-00427 has been accepted.');
  });

  it('extends with the new deadline and the reason, punctuated once', () => {
    const zh = renderSms('extended', 'zh-CN', { ...base, reason: '需协调多个部门。' }, TZ).body;
    expect(zh).toBe('【12345】您的工单T261122-00427办理时限延长至11月24日(周二)18:00，原因：需协调多个部门。感谢您的理解。');
    const en = renderSms('extended', 'en', { ...base, reason: 'several departments involved' }, TZ).body;
    expect(en).toContain('is extended to Tue 24 Nov 18:00. Reason: several departments involved. Thank you');
  });

  it('reopens with the rectification deadline and department', () => {
    expect(renderSms('reopened', 'zh-CN', { ...base, department: '市水务局' }, TZ).body).toBe(
      '【12345】您的工单T261122-00427已重新办理，由市水务局整改，整改时限：11月24日(周二)18:00。',
    );
    expect(renderSms('reopened', 'en', base, TZ).body).toContain('returned to City Roads Office. It will be put right by Tue 24 Nov 18:00.');
  });

  it('resolves with the result and asks for a rating built from the rating options', () => {
    const params = { ...base, result: 'Pothole filled', ratingOptions: DEFAULT_RATING_OPTIONS };
    expect(renderSms('resolved', 'en', params, TZ).body).toBe(
      '12345 Hotline: Ticket T261122-00427 has been resolved by City Roads Office. Result: Pothole filled. ' +
        'How did we do? Reply 1 satisfied, 2 basically satisfied, 3 not satisfied.',
    );
    expect(renderSms('resolved', 'zh-CN', { ...params, department: '市交通局', result: '已修补路面' }, TZ).body).toBe(
      '【12345】您的工单T261122-00427已由市交通局办结。办理结果：已修补路面。请评价：回复1满意，2基本满意，3不满意。',
    );
  });

  it('straightens typographic punctuation so English stays GSM-7', () => {
    const sms = renderSms('resolved', 'en', { ...base, result: 'We’ve “fixed” it – see…' }, TZ);
    expect(sms.body).toContain(`Result: We've "fixed" it - see...`);
    expect(sms.encoding).toBe('GSM-7');
  });

  it('drops a dangling comma before adding its own punctuation', () => {
    expect(renderSms('extended', 'zh-CN', { ...base, reason: '道路施工，' }, TZ).body).toContain('原因：道路施工。感谢');
    expect(renderSms('extended', 'en', { ...base, reason: 'road works;' }, TZ).body).toContain('Reason: road works. Thank');
  });

  it('refuses to render without a parameter the template needs', () => {
    expect(() => renderSms('registered', 'en', { number: base.number }, TZ)).toThrow("SMS template 'registered' needs 'code'");
    expect(() => renderSms('extended', 'zh-CN', { number: base.number }, TZ)).toThrow(TypeError);
    expect(() => renderSms('status', 'en', { tickets: [] }, TZ)).toThrow("needs 'tickets'");
  });

  it('alerts staff with the overdue ticket and the alert text', () => {
    expect(renderSms('alert', 'en', { number: base.number, due, alertText: 'Lead: City Roads Office' }, TZ).body).toBe(
      '12345 Hotline: Overdue: ticket T261122-00427 (due Tue 24 Nov 18:00). Lead: City Roads Office',
    );
  });
});

describe('renderSms: replies', () => {
  const tickets: TicketLine[] = [
    { number: 'T261122-00427', status: 'accepted', department: '市交通局', due, overdue: true, note: '已派人现场核查\n明日处理' },
    { number: 'T261120-00013', status: 'closed', department: null, due, overdue: false },
  ];

  it('lists several tickets in one status reply with status, department, deadline, overdue and latest note', () => {
    expect(renderSms('status', 'zh-CN', { tickets }, TZ).body).toBe(
      '【12345】工单进度：\nT261122-00427：办理中，市交通局，时限11月24日(周二)18:00，已超期。进展：已派人现场核查 明日处理\n' +
        'T261120-00013：已办结，按期办结',
    );
    const en = renderSms('status', 'en', { tickets: [{ ...tickets[0], department: 'Roads', note: 'Inspected' }, tickets[1]] }, TZ).body;
    expect(en).toBe(
      '12345 Hotline: Ticket status:\nT261122-00427: in progress, Roads, due Tue 24 Nov 18:00, overdue. Latest: Inspected\n' +
        'T261120-00013: closed, deadline met',
    );
  });

  it('says a suspended ticket is on hold and gives no deadline: its clock is paused and holds none', () => {
    const paused: TicketLine = { number: 'T261122-00427', status: 'suspended', department: '市交通局', due: null, overdue: false };
    expect(renderSms('status', 'zh-CN', { tickets: [paused] }, TZ).body).toBe('【12345】工单进度：\nT261122-00427：暂缓办理，市交通局');
    expect(renderSms('status', 'en', { tickets: [{ ...paused, department: 'Roads' }] }, TZ).body).toBe('12345 Hotline: Ticket status:\nT261122-00427: on hold, Roads');
  });

  it('points to the tickets it did not list', () => {
    expect(renderSms('status', 'zh-CN', { tickets: tickets.slice(1), moreTickets: 2 }, TZ).body).toMatch(/\n另有2件，回复工单号查看详情。$/);
    expect(renderSms('status', 'en', { tickets: tickets.slice(1), moreTickets: 2 }, TZ).body).toMatch(
      /\n\.\.\.and 2 more; text a ticket number for its details\.$/,
    );
  });

  it('answers an unknown ticket and a wrong access code with one text that names neither', () => {
    for (const locale of LOCALES) {
      const bodies = new Set(
        [{}, base, { number: 'T000000-00000', code: '0000' }].map((p) => renderSms('not_found', locale, p, TZ).body),
      );
      expect(bodies.size).toBe(1);
      const [body] = bodies;
      expect(body).not.toContain(base.number);
      expect(body).toContain('4');
    }
    expect(renderSms('not_found', 'zh-CN', {}, TZ).body).toContain('工单号和4位查询码');
    expect(renderSms('not_found', 'en', {}, TZ).body).toContain('ticket number and the 4-digit access code from your registration SMS');
  });

  it('tells how to opt back in after STOP and how to opt out after START', () => {
    expect(renderSms('stopped', 'zh-CN', {}, TZ).body).toContain('回复START恢复');
    expect(renderSms('stopped', 'en', {}, TZ).body).toContain('Reply START to resubscribe');
    expect(renderSms('started', 'en', {}, TZ).body).toContain('STOP to opt out');
    expect(renderSms('help', 'en', {}, TZ).body).toMatch(/ticket number.*access code.*STATUS.*rate.*STOP/);
    expect(renderSms('help', 'zh-CN', {}, TZ).body).toMatch(/工单号.*查询码.*查询.*评价.*退订/);
  });

  it('thanks for a rating with its label', () => {
    const params = { number: base.number, score: 2, ratingOptions: DEFAULT_RATING_OPTIONS };
    expect(renderSms('rating_thanks', 'zh-CN', params, TZ).body).toBe('【12345】已收到您对工单T261122-00427的评价（基本满意），感谢您的支持！');
    expect(renderSms('rating_thanks', 'en', params, TZ).body).toContain('Your rating (basically satisfied) of ticket T261122-00427');
  });
});

/** Worst-case inputs: long names and texts, escape characters, emoji, ten tickets, a long signature. */
function worstCases(): Array<{ name: string; params: TemplateParams }> {
  const make = (name: string, dept: string, text: string, hotlineName?: string) => {
    const statuses: TicketStatus[] = ['accepted', 'resolved', 'dispatched', 'suspended', 'reopened'];
    const tickets = Array.from({ length: 10 }, (_, i) => ({
      number: `T26112${i}-0042${i}`, status: statuses[i % 5], department: dept, due, overdue: i % 2 === 0, note: text,
    }));
    const params = { ...base, department: dept, reason: text, result: text, alertText: text, tickets, moreTickets: 3 };
    return { name, params: { ...params, ratingOptions: DEFAULT_RATING_OPTIONS, score: 3, hotlineName } };
  };
  return [
    make('Chinese', '市'.repeat(60), '路面破损影响通行。'.repeat(223), '北京市12345市民服务热线北京市12345市民服务热线'),
    make('ASCII with escapes', 'D'.repeat(60), '[x]{y}|€ '.repeat(223)),
    make('emoji', '😀'.repeat(30), '👍'.repeat(1000)),
    make('ASCII department, Chinese text', 'Municipal Bureau of Housing and Urban-Rural Development (HQ)', '处理中'.repeat(700)),
  ];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('renderSms: the segment guarantee', () => {
  const needsNumber = new Set(['registered', 'accepted', 'extended', 'resolved', 'reopened', 'rating_thanks', 'rating_reopened', 'already_rated', 'alert']);
  const needsDue = new Set(['registered', 'accepted', 'extended', 'reopened', 'rating_reopened', 'alert']);

  for (const { name, params } of worstCases()) {
    for (const locale of LOCALES) {
      it(`fits every template in ${MAX_SEGMENTS} segments and keeps number, code and deadline (${name}, ${locale})`, () => {
        for (const key of SMS_TEMPLATES) {
          const sms = renderSms(key, locale, params, TZ);
          expect({ key, ...countSegments(sms.body) }).toEqual({ key, encoding: sms.encoding, units: sms.units, segments: sms.segments });
          expect({ key, segments: Math.min(sms.segments, MAX_SEGMENTS) }).toEqual({ key, segments: sms.segments });
          if (needsNumber.has(key)) expect(sms.body).toContain(params.number);
          if (key === 'registered') expect(sms.body).toContain(params.code);
          if (needsDue.has(key)) expect(sms.body).toContain(formatDue(due, locale, TZ));
          if (key === 'status') expect(sms.body).toContain(`${params.tickets![0].number}`);
          expect({ key, splitsSurrogatePair: LONE_SURROGATE.test(sms.body) }).toEqual({ key, splitsSurrogatePair: false });
          if (locale === 'en' && name.startsWith('ASCII with')) expect({ key, encoding: sms.encoding }).toEqual({ key, encoding: 'GSM-7' });
        }
      });
    }
  }

  it('cuts long text with an ellipsis, "..." in English so it stays GSM-7', () => {
    const result = 'The damaged kerb was replaced and the drain cleared. '.repeat(40);
    const en = renderSms('resolved', 'en', { ...base, result, ratingOptions: DEFAULT_RATING_OPTIONS }, TZ);
    expect(en).toMatchObject({ encoding: 'GSM-7', segments: MAX_SEGMENTS });
    expect(en.body).toMatch(/\.\.\. How did we do\? Reply 1 satisfied, 2 basically satisfied, 3 not satisfied\.$/);
    const zh = renderSms('resolved', 'zh-CN', { ...base, result: '已更换路缘石。'.repeat(300) }, TZ);
    expect(zh.segments).toBe(MAX_SEGMENTS);
    expect(zh.body).toContain('…');
  });

  it('drops trailing tickets from a long status list into the "more" count, keeping the first', () => {
    const [{ params }] = worstCases();
    const sms = renderSms('status', 'zh-CN', params, TZ);
    const listed = sms.body.match(/T\d{6}-\d{5}/g)!.length;
    expect(listed).toBeGreaterThanOrEqual(1);
    expect(sms.body).toContain(`另有${10 - listed + 3}件`);
    expect(sms.body).toContain('T261120-00420：');
  });

  it('renders a 200 kB text in linear time, a long run of commas included', () => {
    const started = performance.now();
    const sms = renderSms('resolved', 'en', { ...base, result: `${','.repeat(100_000)}x${', '.repeat(50_000)}` }, TZ);
    expect(sms.segments).toBeLessThanOrEqual(MAX_SEGMENTS);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('keeps notes readable when tickets had to be dropped', () => {
    const tickets = Array.from({ length: 10 }, (_, i) => ({ number: `T26112${i}-0042${i}`, status: 'accepted' as const, note: 'Crew on site. '.repeat(100) }));
    const sms = renderSms('status', 'en', { tickets }, TZ);
    expect(sms.segments).toBeLessThanOrEqual(MAX_SEGMENTS);
    for (const line of sms.body.split('\n').filter((l) => l.startsWith('T'))) expect(line).toMatch(/Latest: (Crew on site\. ){1,}/);
  });
});
