import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { DeadlineKind } from './deadline.entity.js';
import type { Stage } from './sla-policy.entity.js';

export interface Limit {
  amount: number;
  unit: 'minutes' | 'working_days';
}

/** `30m`, `4h`, `2.5h` (working time) or `5wd` (the end of the 5th working day). */
export function parseLimit(text: string): Limit {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|wd)\s*$/i.exec(text);
  if (!m) throw new RangeError(`limit "${text}": write it as 30m, 4h or 5wd`);
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (n <= 0) throw new RangeError(`limit "${text}" must be positive`);
  if (unit === 'wd') {
    if (!Number.isInteger(n)) throw new RangeError(`limit "${text}": working days are whole days`);
    if (n > 250) throw new RangeError(`limit "${text}": at most 250 working days (a year)`);
    return { amount: n, unit: 'working_days' };
  }
  const minutes = unit === 'h' ? n * 60 : n;
  if (minutes > 250 * 24 * 60) throw new RangeError(`limit "${text}": at most a year of working time`);
  return { amount: minutes, unit: 'minutes' };
}

export function dueFrom(start: Date, limit: Limit, calendar: BusinessCalendar): Date {
  return limit.unit === 'working_days' ? calendar.endOfNthWorkingDay(start, limit.amount) : calendar.addBusinessMinutes(start, limit.amount);
}

export interface Escalation {
  warnPercent: number;
  level2AfterMinutes: number;
  level3AfterMinutes: number;
}

export interface PlannedDeadline {
  stage: Stage;
  kind: DeadlineKind;
  level: number;
  seq: number;
  dueAt: Date;
  stageDueAt: Date;
}

/**
 * The alarms of one stage whose window runs from `start` to `due`: a warning when
 * `warnPercent` of the window's working time is used and the breach (level 1) at `due`; with
 * `withLadder`, also the escalation levels 2 and 3 (a stage resumed after its breach). Warnings
 * already in the past (a stage restarted after a pause late in its window) are left out.
 */
export function planStage(stage: Stage, start: Date, due: Date, calendar: BusinessCalendar, esc: Escalation, now = start, withLadder = false): PlannedDeadline[] {
  const out: PlannedDeadline[] = [];
  const window = calendar.businessMinutesBetween(start, due);
  if (esc.warnPercent > 0 && esc.warnPercent < 100 && window > 0) {
    const warnAt = calendar.addBusinessMinutes(start, (window * esc.warnPercent) / 100);
    if (warnAt.getTime() > now.getTime()) out.push({ stage, kind: 'warning', level: 0, seq: 0, dueAt: warnAt, stageDueAt: due });
  }
  out.push({ stage, kind: 'breach', level: 1, seq: 0, dueAt: due, stageDueAt: due });
  if (withLadder) for (const level of [2, 3]) out.push(escalationStep(stage, due, level, calendar, esc));
  return out;
}

/**
 * Level 2 and 3 of the ladder, timed from the breach (not from when the previous level happened
 * to fire). They are created when the level below fires, so most tickets — handled in time —
 * never carry escalation rows at all.
 */
export function escalationStep(stage: Stage, stageDue: Date, level: number, calendar: BusinessCalendar, esc: Escalation): PlannedDeadline {
  const level2 = calendar.addBusinessMinutes(stageDue, Math.max(0, esc.level2AfterMinutes));
  const dueAt = level === 2 ? level2 : calendar.addBusinessMinutes(level2, Math.max(0, esc.level3AfterMinutes));
  return { stage, kind: 'escalation', level, seq: 0, dueAt, stageDueAt: stageDue };
}

