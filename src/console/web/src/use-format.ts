import { useMemo } from 'react';
import { formatDateTime, formatDuration } from './format';
import { useI18n } from './i18n/i18n';
import { useSession } from './session';

/** Date and duration formatting in the operator's language and the deployment's time zone. */
export function useFormat() {
  const { locale, t } = useI18n();
  const settings = useSession().settings;
  // the shell renders nothing that shows a time before the settings arrive: no guessed zone
  if (!settings) throw new Error('useFormat before the deployment settings are loaded');
  const zone = settings.timeZone;
  return useMemo(
    () => ({
      zone,
      dateTime: (iso: string) => formatDateTime(iso, zone, locale),
      duration: (minutes: number) => formatDuration(minutes, (u, n) => t(`time.${u}`, { n })),
    }),
    [zone, locale, t],
  );
}
