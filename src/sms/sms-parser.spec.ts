import { formatTicketNumber } from '../tickets/ticket-number.js';
import { DEFAULT_RATING_OPTIONS, parseSms, type RatingOption } from './sms-parser.js';

const TICKET = formatTicketNumber('261122', 42); // T261122-00421
const OTHER = formatTicketNumber('261122', 43);
const bare = TICKET.slice(1).replace('-', ''); // 26112200421
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const intent = (body: string | null | undefined, options?: RatingOption[]) => parseSms(body, options).intent;

const FIVE_POINT: RatingOption[] = [
  { score: 1, satisfied: true, labels: { 'zh-CN': '非常满意', en: 'Very Satisfied' } },
  { score: 2, satisfied: true, labels: { 'zh-CN': '满意', en: 'satisfied' } },
  { score: 3, satisfied: true, labels: { 'zh-CN': '一般', en: 'neutral' } },
  { score: 4, satisfied: false, labels: { 'zh-CN': '不满意', en: 'dissatisfied' } },
  { score: 5, satisfied: false, labels: { 'zh-CN': '非常不满意', en: 'very dissatisfied' } },
];

describe('parseSms', () => {
  describe('empty bodies', () => {
    it.each([null, undefined, '', '   ', '\n\t　', '😀🎉👍', '。。。！', '...,,,'])('reads %p as empty, with no locale', (body) => {
      expect(parseSms(body)).toEqual({ intent: { kind: 'empty' }, locale: null });
    });
  });

  describe('carrier keywords', () => {
    it.each(['STOP', 'stop', 'Stop.', ' stop 🙏 ', 'STOPALL', 'UNSUBSCRIBE', 'cancel', 'END', 'Quit!', '退订', '退订。', 'TD', 'td！', 'ＳＴＯＰ'])(
      'reads %p alone as stop',
      (body) => expect(intent(body)).toEqual({ kind: 'stop' }),
    );

    it.each(['START', 'unstop', 'YES', 'yes!', '订阅', '恢复'])('reads %p alone as start', (body) => {
      expect(intent(body)).toEqual({ kind: 'start' });
    });

    it.each(['HELP', 'info', '帮助', '帮助？', '?', '？', '??', ' ？ 😅'])('reads %p alone as help', (body) => {
      expect(intent(body)).toEqual({ kind: 'help' });
    });

    it('reads a keyword inside a sentence about a ticket as a status query, not an opt-out', () => {
      expect(intent(`please stop calling me about ${TICKET}`)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET } });
    });

    it('ignores keywords that are not the whole message', () => {
      expect(intent('please stop')).toEqual({ kind: 'unknown' });
      expect(intent('help me')).toEqual({ kind: 'unknown' });
      expect(intent('yes I am satisfied')).toEqual({ kind: 'rating', score: 1 });
    });
  });

  describe('status queries', () => {
    it.each(['status', 'STATUS?', '查询', '进度', '状态', '查询进度', 'cx', 'CX', 'progress please'])('reads %p as status without a ref', (body) => {
      expect(intent(body)).toEqual({ kind: 'status' });
    });

    it.each([TICKET, TICKET.toLowerCase(), bare, `t ${bare.slice(0, 6)} ${bare.slice(6, 10)} ${bare.slice(10)}`, fullWidth(TICKET), `${TICKET}。`])(
      'reads the bare ticket number %p as status with its canonical form and no code',
      (body) => {
        const parsed = intent(body);
        expect(parsed).toEqual({ kind: 'status', ref: { ticketNumber: TICKET } });
        expect(parsed).not.toHaveProperty('ref.accessCode');
      },
    );

    it.each([
      `${TICKET} 1234`,
      `t${bare},1234`,
      `${bare.slice(0, 6)} ${bare.slice(6, 10)} ${bare.slice(10)} code 1234`,
      `查询${TICKET} 密码1234`,
      `查询 ${TICKET} 1234`,
      fullWidth(`${TICKET} 1234`),
      `${TICKET}，密码：1234！`,
    ])('reads the ticket number and access code in %p', (body) => {
      expect(intent(body)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET, accessCode: '1234' } });
    });

    it('does not take a 4-digit group of the ticket number itself as the code', () => {
      expect(intent(`${bare.slice(0, 6)} ${bare.slice(6, 10)} ${bare.slice(10)}`)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET } });
    });

    it('never accepts a number whose check digit fails', () => {
      const typo = TICKET.slice(0, -1) + ((Number(TICKET.at(-1)) + 1) % 10);
      expect(intent(typo)).toEqual({ kind: 'unknown' });
      expect(intent(`查询 ${typo} 1234`)).toEqual({ kind: 'status' });
    });

    it('never reads a mobile number as a ticket number', () => {
      expect(intent('13800138000')).toEqual({ kind: 'unknown' });
      expect(intent('查询 13800138000')).toEqual({ kind: 'status' });
      expect(intent(`13800138000 ${bare.slice(0, 6)}-${bare.slice(6)} 1234`)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET, accessCode: '1234' } });
    });

    it('counts only the first ticket number, and does not borrow a code from past the second', () => {
      expect(intent(`${TICKET} ${OTHER} 1234`)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET } });
    });

    it('prefers number + code over a longer number that happens to pass the check digit', () => {
      const ticket = formatTicketNumber('261122', 4271); // T261122-42717; "1234" is itself Damm-valid
      expect(intent(`${ticket} 1234`)).toEqual({ kind: 'status', ref: { ticketNumber: ticket, accessCode: '1234' } });
    });

    it('keeps a split-off check digit with its number rather than a shorter valid prefix', () => {
      const ticket = formatTicketNumber('261122', 12342); // T261122-123420, and "26112212342" is valid too
      expect(intent(`261122 12342 0`)).toEqual({ kind: 'status', ref: { ticketNumber: ticket } });
    });

    it('does not read a 4-digit number alone as an access code', () => {
      expect(parseSms('1234')).toEqual({ intent: { kind: 'unknown' }, locale: null });
    });
  });

  describe('ratings', () => {
    it.each([
      ['1', 1], ['2', 2], ['3', 3], ['３', 3], ['3。', 3], ['3 👍', 3], ['3️⃣', 3], [' 2 ', 2], ['3分', 3], ['评分：2', 2],
    ])('reads the score digit %p as rating %p', (body, score) => {
      expect(intent(body)).toEqual({ kind: 'rating', score });
    });

    it.each(['7', '0', '4', '12'])('reads %p, outside the default scale, as unknown', (body) => {
      expect(intent(body)).toEqual({ kind: 'unknown' });
    });

    it('reads a 1–5 scale when one is configured', () => {
      expect(intent('5', FIVE_POINT)).toEqual({ kind: 'rating', score: 5 });
      expect(intent('４', FIVE_POINT)).toEqual({ kind: 'rating', score: 4 });
      expect(intent('6', FIVE_POINT)).toEqual({ kind: 'unknown' });
    });

    it.each([
      ['满意', 1], ['基本满意', 2], ['不满意', 3], ['satisfied', 1], ['basically satisfied', 2], ['not satisfied', 3],
      ['Not Satisfied!!', 3], ['Basically  SATISFIED.', 2], ['我对处理结果基本满意。', 2], ['非常不满意！', 3], ['基本 满意', 2], ['满意👍👍', 1],
    ])('reads the label %p as rating %p, preferring the longest label', (body, score) => {
      expect(intent(body)).toEqual({ kind: 'rating', score });
    });

    it('matches configured labels folded like the message, longest first', () => {
      expect(intent('非常不满意', FIVE_POINT)).toEqual({ kind: 'rating', score: 5 });
      expect(intent('非常满意', FIVE_POINT)).toEqual({ kind: 'rating', score: 1 });
      expect(intent('very satisfied', FIVE_POINT)).toEqual({ kind: 'rating', score: 1 });
      expect(intent('Very dissatisfied', FIVE_POINT)).toEqual({ kind: 'rating', score: 5 });
    });

    it('does not find a label inside a longer word', () => {
      expect(intent('unsatisfied')).toEqual({ kind: 'unknown' });
    });

    it.each(['不太满意', '不是很满意', 'not very satisfied', 'never satisfied'])('reads the negated label %p as unknown, not a score', (body) => {
      expect(intent(body)).toEqual({ kind: 'unknown' });
    });

    it('carries the ticket ref with a rating', () => {
      expect(intent(`满意 ${TICKET} 1234`)).toEqual({ kind: 'rating', score: 1, ref: { ticketNumber: TICKET, accessCode: '1234' } });
      expect(intent(`${TICKET} 3`)).toEqual({ kind: 'rating', score: 3, ref: { ticketNumber: TICKET } });
      expect(intent(`${TICKET} 1234 2`)).toEqual({ kind: 'rating', score: 2, ref: { ticketNumber: TICKET, accessCode: '1234' } });
    });

    it('reads a score leading the message, with the reason after it, as the rating', () => {
      expect(intent('3，还是很吵')).toEqual({ kind: 'rating', score: 3 });
      expect(intent('3 still noisy at night')).toEqual({ kind: 'rating', score: 3 });
      expect(intent('1 谢谢！')).toEqual({ kind: 'rating', score: 1 });
      expect(intent('7 thanks')).toEqual({ kind: 'unknown' });
    });

    it('does not read a digit inside a sentence, or beside other numbers, as a score', () => {
      expect(intent('cx 3')).toEqual({ kind: 'status' });
      expect(intent('I waited 3 days')).toEqual({ kind: 'unknown' });
      expect(intent('3 days and 2 nights')).toEqual({ kind: 'unknown' });
    });

    it('exports the three-point default scale with only 3 unsatisfied', () => {
      expect(DEFAULT_RATING_OPTIONS.map((o) => [o.score, o.satisfied])).toEqual([[1, true], [2, true], [3, false]]);
    });
  });

  describe('unsolved reports', () => {
    it.each([
      'not solved', 'unsolved', 'not resolved', 'not fixed', 'still not fixed', 'Unresolved!', "it hasn't been fixed", 'not yet resolved',
      '未解决', '没解决', '没有解决', '还没解决', '问题没有解决', '没人处理', '问题还是没有解决！！',
    ])('reads %p as unsolved', (body) => {
      expect(intent(body)).toEqual({ kind: 'unsolved' });
    });

    it('lets unsolved win over a rating label in the same message', () => {
      expect(intent('不满意，问题没有解决')).toEqual({ kind: 'unsolved' });
      expect(intent('not satisfied, still not fixed')).toEqual({ kind: 'unsolved' });
    });

    it('carries the ticket ref with an unsolved report', () => {
      expect(intent(`${TICKET} 1234 还没解决`)).toEqual({ kind: 'unsolved', ref: { ticketNumber: TICKET, accessCode: '1234' } });
    });

    it('does not read an unrelated "not" as unsolved', () => {
      expect(intent('not sure it is fixed')).toEqual({ kind: 'unknown' });
    });
  });

  describe('locale', () => {
    it.each([
      ['hello', 'en'], ['asdf', 'en'], ['你好', 'zh-CN'], ['status', 'en'], ['查询', 'zh-CN'], [`查询 ${TICKET}`, 'zh-CN'],
      ['cx', 'zh-CN'], ['TD', 'zh-CN'], ['3', null], [TICKET, null], [`${TICKET} 1234`, null], ['Привет', null],
    ])('reads the language of %p as %p', (body, locale) => {
      expect(parseSms(body).locale).toBe(locale);
    });

    it.each(['hello', '你好', 'asdf'])('reads the unknown word %p as unknown', (body) => {
      expect(intent(body)).toEqual({ kind: 'unknown' });
    });
  });

  describe('cost', () => {
    const within = (body: string, ms: number) => {
      const started = performance.now();
      parseSms(body);
      expect(performance.now() - started).toBeLessThan(ms);
    };
    const ADVERSARIAL = [
      ['digit groups that keep almost forming a ticket', '2611220042 3 '],
      ['single digits between emoji', '１😀，'],
      ['separators only', '-. _/'],
      ['one endless digit run', '1'],
      ['negations with filler and no verb', 'not yet been '],
      ['half-labels', '满不基本满'],
    ];

    it('parses a realistic 1,600-character message quickly', () => {
      parseSms('warm-up');
      within(`您好，我想查询一下 ${TICKET} 的进度，密码 1234。`.padEnd(1600, '谢谢🙏 '), 50);
    });

    // the longest body actually parsed: these exercise every scan at full length
    it.each(ADVERSARIAL)('parses 2,000 characters of %s quickly', (_name, unit) => {
      within(unit.repeat(2_000).slice(0, 2_000), 50);
    });

    it.each(ADVERSARIAL)('parses 100,000 characters of %s in well under 200 ms', (_name, unit) => {
      within(unit.repeat(100_000).slice(0, 100_000), 200);
    });

    it('ignores whatever follows the longest body an SMS can have', () => {
      expect(intent(`${'x'.repeat(5_000)} ${TICKET}`)).toEqual({ kind: 'unknown' });
      expect(intent(`${'x '.repeat(500)} ${TICKET}`)).toEqual({ kind: 'status', ref: { ticketNumber: TICKET } });
    });
  });
});
