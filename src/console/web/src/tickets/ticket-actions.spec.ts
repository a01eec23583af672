import { actionsFor } from './ticket-actions';

describe('the actions offered on a ticket', () => {
  const now = Date.parse('2026-12-07T02:00:00Z');
  const agent = { role: 'agent' as const, departmentId: 'dept-a' };
  const ticket = (over: object) => ({ status: 'accepted', actions: [] as never[], dueAt: '2026-12-10T10:00:00Z', leadDepartment: { id: 'dept-a', code: 'a', name: 'A' }, ...over });

  it('gives the lead department the API’s transitions, an extension before the deadline, and notes', () => {
    expect(actionsFor(ticket({ status: 'dispatched', actions: ['accept', 'return'] }), agent, now)).toEqual(['accept', 'return', 'extension', 'note']);
    expect(actionsFor(ticket({ actions: ['resolve', 'suspend'] }), agent, now)).toEqual(['resolve', 'suspend', 'extension', 'note']);
  });

  it('offers no extension once the committed deadline has passed on the server’s clock', () => {
    expect(actionsFor(ticket({ actions: ['resolve'] }), agent, Date.parse('2026-12-10T10:00:01Z'))).toEqual(['resolve', 'note']);
  });

  it('lets an assisting department only add notes, and nobody act on a closed ticket', () => {
    expect(actionsFor(ticket({ leadDepartment: { id: 'dept-b', code: 'b', name: 'B' } }), agent, now)).toEqual(['note']);
    expect(actionsFor(ticket({ status: 'closed' }), agent, now)).toEqual([]);
  });

  it('offers the back office the closing and reopening the API allows it, never a department’s extension', () => {
    const operator = { role: 'operator' as const, departmentId: null };
    expect(actionsFor(ticket({ status: 'resolved', actions: ['close', 'reopen'] }), operator, now)).toEqual(['close', 'reopen']);
    expect(actionsFor(ticket({ status: 'dispatched', actions: ['merge', 'dispatch'] }), operator, now)).toEqual(['note']);
  });
});
