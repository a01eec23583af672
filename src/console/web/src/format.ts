import type { Locale } from './i18n/messages';

// Building an Intl.DateTimeFormat costs far more than using one, and a 1,000-ticket queue shows a
// time on every row: one per (zone, language) for the page's life.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, locale: Locale): Intl.DateTimeFormat {
  const key = `${timeZone}|${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: locale === 'zh-CN' ? 'numeric' : 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Dates and times in the deployment's zone, never the browser's: the operator reads the
 * promised deadline to a caller in the city the hotline serves, whatever the PC's clock says.
 */
export function formatDateTime(iso: string, timeZone: string, locale: Locale): string {
  const parts = Object.fromEntries(formatter(timeZone, locale).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return locale === 'zh-CN'
    ? `${parts.year}年${parts.month}月${parts.day}日 ${parts.weekday} ${parts.hour}:${parts.minute}`
    : `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}`;
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes of a span, sign dropped (the caller words "left" or "overdue"). */
export function durationParts(totalMinutes: number): DurationParts {
  const m = Math.abs(Math.round(totalMinutes));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}

/** At most the two largest units: "3 d 4 h", "2 h 5 min", "12 min"; precision beyond that is noise on a phone call. */
export function formatDuration(totalMinutes: number, unit: (u: 'd' | 'h' | 'min', n: number) => string): string {
  const { days, hours, minutes } = durationParts(totalMinutes);
  if (days > 0) return hours > 0 ? `${unit('d', days)} ${unit('h', hours)}` : unit('d', days);
  if (hours > 0) return minutes > 0 ? `${unit('h', hours)} ${unit('min', minutes)}` : unit('h', hours);
  return unit('min', minutes);
}

/** The digits of a number as typed (`138 0013-8000`): a look-up waits until there are enough of them. */
export function digitsOnly(phone: string): string {
  return phone.replace(/\D/g, '');
}
