import type { Locale } from '../../i18n/messages';
import type { Grouping } from './use-figures';

/** 0.667 → "66.7%": one decimal, as the 三率 are usually quoted; null (nothing to count) → null. */
export function percent(rate: number | null, locale: Locale): string | null {
  if (rate === null) return null;
  return new Intl.NumberFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/**
 * A period key from the API (`YYYY-MM-DD`, already a date in the deployment's zone) as a
 * label: formatted in UTC so the date is not shifted a second time.
 */
export function periodLabel(key: string, groupBy: Grouping, locale: Locale): string {
  const d = new Date(`${key}T00:00:00Z`);
  const tag = locale === 'zh-CN' ? 'zh-CN' : 'en-GB';
  if (groupBy === 'month') return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(d);
  return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(d);
}
