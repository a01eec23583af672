import { availableTransitions, checkTransition, type Actor } from './ticket-state.js';

const agentA: Actor = { id: 'u1', role: 'agent', departmentId: 'A' };
const agentB: Actor = { id: 'u2', role: 'agent', departmentId: 'B' };
const dispatcher: Actor = { id: 'u3', role: 'dispatcher', departmentId: null };
const supervisor: Actor = { id: 'u4', role: 'supervisor', departmentId: 'S' };
const operator: Actor = { id: 'u5', role: 'operator', departmentId: null };
const ticket = (status: string, over: Record<string, unknown> = {}) => ({ status, leadDepartmentId: 'A', suspendedFrom: null, kind: 'complaint', ...over }) as never;

describe('checkTransition', () => {
  it('answers a role that may never do it with 403, whatever the state', () => {
    expect(checkTransition('accept', ticket('closed'), dispatcher)).toMatchObject({ ok: false, kind: 'forbidden', code: 'ROLE_NOT_ALLOWED' });
  });

  it('answers an agent of another department with 403 before looking at the state', () => {
    expect(checkTransition('accept', ticket('closed'), agentB)).toMatchObject({ ok: false, kind: 'forbidden', code: 'NOT_LEAD_DEPARTMENT' });
  });

  it('answers an allowed role in the wrong state with 409', () => {
    expect(checkTransition('resolve', ticket('dispatched'), agentA)).toMatchObject({ ok: false, kind: 'conflict', code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('resumes to the status the ticket was suspended from', () => {
    expect(checkTransition('resume', ticket('suspended', { suspendedFrom: 'accepted' }), agentA)).toEqual({ ok: true, to: 'accepted' });
  });

  it('lets only a supervisor close a complaint that was never resolved', () => {
    expect(checkTransition('close', ticket('registered'), dispatcher)).toMatchObject({ ok: false, code: 'SUPERVISOR_REQUIRED' });
    expect(checkTransition('close', ticket('returned'), supervisor)).toEqual({ ok: true, to: 'closed' });
    expect(checkTransition('close', ticket('resolved'), operator)).toEqual({ ok: true, to: 'closed' });
  });

  it('never reopens an inquiry answered on the spot', () => {
    expect(checkTransition('reopen', ticket('closed', { kind: 'inquiry' }), operator)).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});

describe('availableTransitions', () => {
  it('offers the lead agent of a dispatched ticket accept and return only', () => {
    expect(availableTransitions(ticket('dispatched'), agentA)).toEqual(['accept', 'return']);
    expect(availableTransitions(ticket('dispatched'), agentB)).toEqual([]);
  });

  it('offers a dispatcher dispatch and merge on a registered ticket, but not close', () => {
    expect(availableTransitions(ticket('registered', { leadDepartmentId: null }), dispatcher)).toEqual(['dispatch', 'merge']);
  });
});
