import { alertParams, mergeAlerts, rereadInbox, type BoardAlert } from './board-model';
import { minutesUntil, offsetFromDate } from './server-clock';

const alert = (id: string, createdAt: string, over: Partial<BoardAlert> = {}): BoardAlert => ({
  id,
  kind: 'breach',
  stage: 'dispatch',
  level: 1,
  message: '',
  status: 'open',
  departmentId: null,
  ticketNumber: 'T1',
  stageDueAt: null,
  createdAt,
  ...over,
});

describe('the board’s alert inbox', () => {
  it('shows each alert once, newest first, when a reconnect re-reads what the stream already brought', () => {
    const live = mergeAlerts([], [alert('b', '2026-01-01T10:00:02Z', { fresh: true })]);
    const reread = mergeAlerts(live, [alert('a', '2026-01-01T10:00:01Z'), alert('b', '2026-01-01T10:00:02Z'), alert('c', '2026-01-01T10:00:03Z')]);
    expect(reread.map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect(reread.find((a) => a.id === 'b')?.fresh).toBe(true);
  });

  it('keeps an acknowledgement made here when an older copy of the alert arrives', () => {
    const acked = [alert('a', '2026-01-01T10:00:01Z', { status: 'acknowledged', acknowledgedAt: '2026-01-01T10:05:00Z' })];
    expect(mergeAlerts(acked, [alert('a', '2026-01-01T10:00:01Z')])[0]).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-01-01T10:05:00Z' });
  });

  it('drops on re-reading what another desk acknowledged, and keeps what was acknowledged here', () => {
    const shown = [alert('elsewhere', '2026-01-01T10:00:01Z'), alert('here', '2026-01-01T10:00:02Z', { status: 'acknowledged' }), alert('open', '2026-01-01T10:00:03Z')];
    expect(rereadInbox(shown, [alert('open', '2026-01-01T10:00:03Z'), alert('new', '2026-01-01T10:00:04Z')]).map((a) => a.id)).toEqual(['new', 'open', 'here']);
  });

  it('takes the 督办 note and the return count out of the server’s message', () => {
    expect(alertParams({ kind: 'supervision', ticketNumber: 'T9', message: '督办 Supervision: ticket T9: Call the caller back: today' })).toEqual({ note: 'Call the caller back: today' });
    expect(alertParams({ kind: 'routing_dispute', ticketNumber: 'T9', message: 'Ticket T9 was returned 3 times: routing dispute, decide the lead department' })).toEqual({ count: '3' });
  });
});

describe('the server clock', () => {
  it('reads the offset from the Date header, half the round trip and half a second added', () => {
    const sentAt = Date.parse('2026-01-01T10:00:00.000Z');
    // the browser is 2 minutes behind: the server said 10:02:00 while the browser's clock read 10:00:00.2
    expect(offsetFromDate('Thu, 01 Jan 2026 10:02:00 GMT', sentAt, sentAt + 400)).toBe(120_000 + 500 - 200);
    expect(offsetFromDate(null, 0, 0)).toBeNull();
    expect(offsetFromDate('not a date', 0, 0)).toBeNull();
  });

  it('counts minutes to a deadline, negative once it has passed', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(minutesUntil('2026-01-01T10:30:00Z', now)).toBe(30);
    expect(minutesUntil('2026-01-01T09:45:00Z', now)).toBe(-15);
  });
});
