import { dammDigit, dayStamp, formatTicketNumber, parseTicketNumber } from './ticket-number.js';

describe('ticket numbers', () => {
  it('formats day, zero-padded sequence and a check digit', () => {
    const n = formatTicketNumber('261122', 42);
    expect(n).toMatch(/^T261122-0042\d$/);
    expect(dammDigit(n.replace(/\D/g, ''))).toBe(0);
  });

  it('grows past four sequence digits instead of wrapping', () => {
    expect(formatTicketNumber('261122', 123456)).toMatch(/^T261122-123456\d$/);
  });

  it.each([
    (n: string) => n,
    (n: string) => n.toLowerCase(),
    (n: string) => n.replace('-', ''),
    (n: string) => n.slice(1),
    (n: string) => n.slice(1).replace('-', ''),
    (n: string) => n.replace('-', ' ').replace(/(\d{4})(\d)$/, '$1 $2'),
    (n: string) => `  ${n.toLowerCase()}  `,
    (n: string) => n.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
  ])('reads back variant %# of the same number', (variant) => {
    const n = formatTicketNumber('261122', 427);
    expect(parseTicketNumber(variant(n))).toBe(n);
  });

  it('rejects every single-digit typo and adjacent swap', () => {
    const n = formatTicketNumber('261122', 4271);
    const digits = n.replace(/\D/g, '');
    for (let i = 0; i < digits.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === digits[i]) continue;
        const typo = digits.slice(0, i) + d + digits.slice(i + 1);
        expect(parseTicketNumber(typo)).toBeNull();
      }
      if (i + 1 < digits.length && digits[i] !== digits[i + 1]) {
        const swap = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
        expect(parseTicketNumber(swap)).toBeNull();
      }
    }
  });

  it.each(['', 'T', 'hello', 'T2611-22', '13800138000', 'X261122-00427'])('rejects %p', (text) => {
    expect(parseTicketNumber(text)).toBeNull();
  });

  it('stamps the day in the deployment time zone, not UTC', () => {
    // 2026-11-22 17:30 UTC is already the 23rd in Shanghai
    expect(dayStamp(new Date('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toBe('261123');
    expect(dayStamp(new Date('2026-11-22T17:30:00Z'), 'UTC')).toBe('261122');
  });
});
