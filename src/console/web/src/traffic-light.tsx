import type { Light, TicketView } from './api';
import { useI18n } from './i18n/i18n';
import { useFormat } from './use-format';

/** Colour and word together: the light must read for colour-blind operators and screen readers too. */
export function TrafficLight({ light }: { light: Light }) {
  const { t } = useI18n();
  return (
    <span className={`light light-${light}`}>
      <span className="dot" aria-hidden="true" />
      {t(`light.${light}`)}
    </span>
  );
}

/**
 * A ticket's clocks in one line: its light, the deadline promised to the caller, and the stage
 * now running (often dispatch or accept, due long before the promise) with its time left.
 */
export function ClockLine({ clock, dueAt }: { clock: TicketView['clock']; dueAt: string | null }) {
  const { t } = useI18n();
  const f = useFormat();
  const minutes = clock?.remaining.wallMinutes ?? 0;
  const remaining = minutes >= 0 ? t('time.left', { time: f.duration(minutes) }) : t('time.over', { time: f.duration(minutes) });
  return (
    <span className="clock">
      {clock && <TrafficLight light={clock.light} />}
      {dueAt && <> {t('history.promise', { time: f.dateTime(dueAt) })}</>}
      {clock && clock.stage !== 'resolve' && <> · {t('history.stageDue', { stage: t(`stage.${clock.stage}` as 'stage.resolve'), time: f.dateTime(clock.dueAt), remaining })}</>}
      {clock && clock.stage === 'resolve' && <> · {remaining}</>}
    </span>
  );
}
