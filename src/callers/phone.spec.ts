import { normalizePhone } from './phone.js';

const ok = (input: string, country = 'CN' as const) => {
  const r = normalizePhone(input, country);
  if (!r.ok) throw new Error(`expected ${input} to normalise: ${r.reason}`);
  return r.e164;
};

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['+8613800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['010-65529988', '+861065529988'],
    ['(010) 6552 9988', '+861065529988'],
    ['0755 8888 6666', '+8675588886666'],
    ['tel:+14155552671', '+14155552671'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises %s to %s with CN as default country', (input, e164) => {
    expect(ok(input)).toBe(e164);
  });

  it('uses the configured default country for national numbers', () => {
    expect(ok('(415) 555-2671', 'US' as never)).toBe('+14155552671');
  });

  it.each(['', '   ', '12345', 'abc', '1380013800', '138001380001234', '+999 1234567', 'call me maybe'])(
    'refuses %p',
    (input) => {
      expect(normalizePhone(input, 'CN').ok).toBe(false);
    },
  );
});
