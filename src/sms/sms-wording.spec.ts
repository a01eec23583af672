import { DEFAULT_RATING_OPTIONS, type SmsLocale } from './sms-parser.js';
import { renderSms, shippedWording, SMS_TEMPLATES, type TemplateParams } from './sms-templates.js';
import { compileWording, MAX_WORDING_LENGTH, WordingError } from './sms-wording.js';

const TZ = 'Asia/Shanghai';
const due = new Date('2026-11-24T10:00:00Z');
const LOCALES: SmsLocale[] = ['zh-CN', 'en'];

const problems = (template: Parameters<typeof compileWording>[0], text: string): string[] => {
  try {
    compileWording(template, text);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(WordingError);
    return (err as WordingError).problems;
  }
};

/** Every combination a message meets in service: values there or not, free text that ends a sentence or not, long enough to be cut. */
const VARIANTS: TemplateParams[] = [
  { number: 'T261122-00427', code: '4821', department: 'City Roads Office', due, reason: 'Waiting for the lab', result: 'The pothole was filled', alertText: 'resolve deadline passed', score: 1 },
  { number: 'T261122-00427', code: '4821', department: null, due: null, reason: null, result: null, alertText: '', score: 9 },
  { number: 'T261122-00427', code: '4821', department: '环保局', due, reason: '需协调多个部门。', result: 'Fixed.', alertText: '已超期。' },
  { number: 'T261122-00427', code: '4821', department: 'D'.repeat(200), due, reason: 'r'.repeat(500), result: '结果'.repeat(300), alertText: 'a'.repeat(400) },
  { number: 'T261122-00427', code: '4821', department: 'Roads', due, result: 'Done', ratingOptions: [] },
  { number: '', code: '4821', score: 1 },
];
const TICKETS: TemplateParams['tickets'] = Array.from({ length: 6 }, (_, i) => ({ number: `T261122-0042${i}`, status: 'accepted' as const, department: 'Roads', due, overdue: i === 2, note: 'n'.repeat(40) }));

describe('a wording written as text', () => {
  it('reproduces every shipped message exactly when the shipped wording is written out, in both languages', () => {
    let compared = 0;
    for (const template of SMS_TEMPLATES) {
      for (const locale of LOCALES) {
        const wording = compileWording(template, shippedWording(template, locale));
        const variants = template === 'status' ? [{ tickets: TICKETS.slice(0, 1) }, { tickets: TICKETS, moreTickets: 3 }] : VARIANTS;
        for (const v of variants) {
          const params = { ratingOptions: DEFAULT_RATING_OPTIONS, ...v };
          let shipped: string;
          try {
            shipped = renderSms(template, locale, params, TZ).body;
          } catch {
            continue; // a parameter this template needs is missing in this variant
          }
          expect({ template, locale, body: renderSms(template, locale, params, TZ, wording).body }).toEqual({ template, locale, body: shipped });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('shows the shipped wording with its optional parts in brackets', () => {
    expect(shippedWording('registered', 'zh-CN')).toBe('【{hotline}】您反映的问题已登记，工单号{number}，查询码{code}[，承办单位：{department}][，承诺办结时限：{due}]。回复工单号可查询进度。');
    expect(shippedWording('extended', 'en')).toBe('{hotline} Hotline: The deadline for ticket {number} is extended to {due}.[ Reason: {reason}.] Thank you for your patience.');
  });

  it("uses a deployment's own words, leaving out an optional part whose value is missing", () => {
    const own = compileWording('accepted', '【{hotline}】工单{number}已受理[，{department}承办][，{due}前办结]。');
    expect(renderSms('accepted', 'zh-CN', { number: 'T1', department: '城管局', due }, TZ, own).body).toBe('【12345】工单T1已受理，城管局承办，11月24日(周二)18:00前办结。');
    expect(renderSms('accepted', 'zh-CN', { number: 'T1' }, TZ, own).body).toBe('【12345】工单T1已受理。');
  });

  it('writes the other words of an optional part when its value is missing', () => {
    const own = compileWording('already_rated', '【{hotline}】[工单{number}|这张工单]已经评价过了。');
    expect(renderSms('already_rated', 'zh-CN', { number: 'T1' }, TZ, own).body).toBe('【12345】工单T1已经评价过了。');
    expect(renderSms('already_rated', 'zh-CN', {}, TZ, own).body).toBe('【12345】这张工单已经评价过了。');
    expect(problems('already_rated', '{hotline} [a {number}|b|c]')).toEqual(['"|" at character 24 is the second in one optional part']);
  });

  it('does not double the full stop after a value that already ends a sentence', () => {
    const own = compileWording('resolved', '{hotline}: {number} done. Result: {result}. [Rate: {rating}]');
    expect(renderSms('resolved', 'en', { number: 'T1', result: 'Fixed!' }, TZ, own).body).toBe('12345: T1 done. Result: Fixed! ');
    expect(renderSms('resolved', 'en', { number: 'T1', result: 'Fixed' }, TZ, own).body).toBe('12345: T1 done. Result: Fixed. ');
  });

  it('still cuts the department and free text to fit three segments', () => {
    const own = compileWording('resolved', '{hotline}: ticket {number} was resolved by {department}. Result: {result}. [Reply {rating}]');
    const sms = renderSms('resolved', 'en', { number: 'T261122-00427', department: 'x'.repeat(300), result: 'y'.repeat(600), ratingOptions: DEFAULT_RATING_OPTIONS }, TZ, own);
    expect(sms.segments).toBeLessThanOrEqual(3);
    expect(sms.body).toContain('T261122-00427');
    expect(sms.body).toContain('Reply 1');
  });

  it('refuses a placeholder the template does not have, naming the ones it has', () => {
    expect(problems('help', '{hotline}: call {number}')).toEqual(["{number} is not a placeholder of 'help'; it may use {hotline}"]);
  });

  it('refuses a wording without the values the message exists to carry', () => {
    expect(problems('registered', '{hotline}: thanks, we have it')).toEqual(["'registered' must contain {number} {code}"]);
    expect(problems('resolved', '{hotline}: {number} resolved')).toEqual(["'resolved' must contain {rating}"]);
    expect(problems('unknown', 'Sorry?')).toEqual(["'unknown' must contain {hotline}"]);
  });

  it('refuses brackets and braces that do not pair, nest, or enclose no value', () => {
    expect(problems('accepted', '{hotline} {number} [by {department}')).toEqual(['the optional part opened at character 20 is not closed with "]"']);
    expect(problems('accepted', '{hotline} {number}] ok')).toEqual(['"]" at character 19 closes no optional part']);
    expect(problems('accepted', '{hotline} {number} [a [b {due}]]')).toEqual([
      '"[" at character 23 opens an optional part inside another; they cannot nest',
      '"]" at character 32 closes no optional part',
    ]);
    expect(problems('accepted', '{hotline} {number} [always]')).toEqual(['the optional part at character 20 has no placeholder, so it would always be shown']);
    expect(problems('accepted', '{hotline} {number} {Due} }')).toEqual(['"{" at character 20 does not open a placeholder such as {number}', '"}" at character 26 closes no placeholder']);
  });

  it('refuses a value the message must carry in an optional part that another, missing value would drop', () => {
    expect(problems('accepted', '{hotline}: accepted[ {number} by {department}]')).toEqual(['{number} is in an optional part with {department}: a message without department would leave {number} out']);
    // the rating question may be missing (an e-mail has none): it may share a part with others
    expect(problems('resolved', '{hotline}: {number} resolved[ by {department}. Reply {rating}]')).toEqual([]);
  });

  it('refuses an empty text and one longer than any message', () => {
    expect(problems('help', '  ')).toContain('the text is empty');
    expect(problems('help', `{hotline}${'x'.repeat(MAX_WORDING_LENGTH)}`)).toEqual([`the text is ${MAX_WORDING_LENGTH + 9} characters long; at most ${MAX_WORDING_LENGTH}`]);
  });
});
