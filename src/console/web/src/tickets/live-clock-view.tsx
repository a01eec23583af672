import { TrafficLight } from '../traffic-light';
import { useI18n } from '../i18n/i18n';
import { serverNow, useServerNow } from '../server-clock';
import { useFormat } from '../use-format';
import { lightAt, minutesSeconds, tickFor } from './live-clock';
import type { LiveClockView } from './ticket-types';

/**
 * The running stage's light and time left, counted on the server's clock by the page's one
 * shared tick; the deadline itself in the deployment's zone.
 */
export function LiveClock({ clock, showDue = true }: { clock: LiveClockView; showDue?: boolean }) {
  const { t } = useI18n();
  const f = useFormat();
  const now = useServerNow(tickFor(clock.dueAt, serverNow()));
  const left = Date.parse(clock.dueAt) - now;
  const light = lightAt(clock, now);
  const span = Math.abs(left) < 3600_000 ? t('clock.seconds', minutesSeconds(left)) : f.duration(Math.abs(left) / 60_000);
  return (
    <span className="live-clock" data-light={light}>
      <TrafficLight light={light} />{' '}
      <span className="countdown" data-testid="countdown">
        {left > 0 ? t('time.left', { time: span }) : t('time.over', { time: span })}
      </span>
      {showDue && (
        <span className="due">
          {t('clock.stageBy', { stage: t(`stage.${clock.stage}` as 'stage.resolve'), time: f.dateTime(clock.dueAt) })}
        </span>
      )}
    </span>
  );
}
