import { MESSAGES, translate, type MessageKey } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message table', () => {
  it('has the same keys and the same placeholders in both languages', () => {
    const en = MESSAGES.en;
    const zh = MESSAGES['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect({ key, vars: placeholders(zh[key]) }).toEqual({ key, vars: placeholders(en[key]) });
      expect(zh[key].trim()).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'history.urged', { count: 3 })).toBe('urged 3×');
    expect(translate('zh-CN', 'history.urged', { count: 3 })).toBe('已催办 3 次');
    expect(translate('en', 'history.urged')).toBe('urged {count}×');
  });
});
