import type { Translate } from '../../i18n/i18n';
import { isMessageKey, type MessageKey } from '../../i18n/messages';
import { alertParams, type BoardAlert } from './board-model';

const DEADLINE_KINDS = ['warning', 'breach', 'escalation', 'reminder'];

/**
 * An alert in the reader's language from its kind and fields; the server's English message only
 * where the console does not know the kind, or a deadline alert lacks its deadline.
 */
export function alertText(t: Translate, dateTime: (iso: string) => string, a: BoardAlert): string {
  const key = `alert.${a.kind}`;
  if (!isMessageKey(key)) return a.message;
  if (DEADLINE_KINDS.includes(a.kind) && (!a.stageDueAt || !a.stage)) return a.message;
  const stageKey = `stage.${a.stage}`;
  const stage = isMessageKey(stageKey) ? t(stageKey) : (a.stage ?? '');
  const { note, count } = alertParams(a);
  return t(key as MessageKey, { number: a.ticketNumber, stage, time: a.stageDueAt ? dateTime(a.stageDueAt) : '', level: a.level, note: note ?? '', count: count ?? '?' });
}

export function alertKindLabel(t: Translate, kind: string): string {
  const key = `alertKind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}
