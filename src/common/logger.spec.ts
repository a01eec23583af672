import { maskPhones } from './logger.js';

describe('maskPhones', () => {
  it.each([
    ['caller +8613800138000 called', 'caller +861********00 called'],
    ['from 13800138000.', 'from 138******00.'],
    ['landline 010-65529988', 'landline 010******88'],
    ['+1 415 555 2671 left a message', '+141******71 left a message'],
  ])('masks %s', (input, masked) => {
    expect(maskPhones(input)).toBe(masked);
  });

  it.each(['migration Initial1795313178301', 'ticket T261122-00427', 'took 1234 ms', 'id 9f1c0e22-1234-4abc'])('leaves %s alone', (text) => {
    expect(maskPhones(text)).toBe(text);
  });
});
