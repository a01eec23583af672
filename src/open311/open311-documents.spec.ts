import { publicText } from './open311-documents.js';
import { parseW3cDate } from './open311.service.js';

describe('publicText', () => {
  it("takes the caller's own name, number and address out word for word", () => {
    expect(publicText('Zhang Wei says: call zhang wei on 13912345678 or zw@example.cn', ['Zhang Wei', '+8613912345678', '13912345678', 'zw@example.cn'])).toBe('*** says: call *** on *** or ***');
  });

  it('masks anything shaped like a phone number in any country, or an e-mail address, but not dates or short numbers', () => {
    const out = publicText('tel 415-555-0134, (415) 555 0134, 010 6552 9988, +44 7700 900123, zhang.wei@例子.cn; since 2026-11-20, bus 302, 3 times')!;
    expect(out).not.toMatch(/555-0134|555 0134|6552 9988|7700 900123|zhang\.wei/);
    expect(out).toContain('since 2026-11-20, bus 302, 3 times');
    expect(publicText('Duplicate request: handled as T261122-00484.')).toBe('Duplicate request: handled as T261122-00484.');
    expect(out).toContain('[e-mail]');
    expect(publicText(null)).toBeNull();
  });
});

describe('parseW3cDate', () => {
  const at = (v: string, zone = 'Asia/Shanghai') => parseW3cDate(v, 'start_date', zone)?.toISOString();

  it('reads the offset, a Z, or — an unencoded + arriving as a space — the offset after a space', () => {
    expect(at('2010-01-01T00:00:00Z')).toBe('2010-01-01T00:00:00.000Z');
    expect(at('2010-01-01T08:00:00+08:00')).toBe('2010-01-01T00:00:00.000Z');
    expect(at('2010-01-01T08:00:00 08:00')).toBe('2010-01-01T00:00:00.000Z');
    expect(at('2010-01-01T00:00:00-0500')).toBe('2010-01-01T05:00:00.000Z');
  });

  it("takes a time or date without a zone as the deployment's local time", () => {
    expect(at('2026-11-22T09:00:00')).toBe('2026-11-22T01:00:00.000Z');
    expect(at('2026-11-22')).toBe('2026-11-21T16:00:00.000Z');
    expect(at('2026-03-29T03:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a date, or a day that does not exist', () => {
    for (const bad of ['yesterday', '2024-02-30', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '1700000000']) expect(() => at(bad)).toThrow(/start_date/);
    expect(at('')).toBeUndefined();
    expect(at(undefined as unknown as string)).toBeUndefined();
  });
});
