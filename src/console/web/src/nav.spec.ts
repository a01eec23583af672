import { mayOpen, screensFor } from './nav';

describe('role-aware navigation', () => {
  it('gives call logging to the roles the calls API accepts, and not to department agents', () => {
    for (const role of ['operator', 'dispatcher', 'supervisor', 'admin'] as const) expect(screensFor(role).map((s) => s.path)).toContain('/calls/new');
    expect(screensFor('agent').map((s) => s.path)).toEqual(['/queue', '/figures']);
    expect(mayOpen('agent', '/calls/new')).toBe(false);
    expect(mayOpen('operator', '/calls/new')).toBe(true);
  });

  it('gives the department queue to agents only, and the ticket page to every role', () => {
    expect(mayOpen('agent', '/queue')).toBe(true);
    for (const role of ['operator', 'dispatcher', 'supervisor', 'admin'] as const) expect(mayOpen(role, '/queue')).toBe(false);
    for (const role of ['operator', 'dispatcher', 'agent', 'supervisor', 'admin'] as const) expect(mayOpen(role, '/tickets/T20261207-0001')).toBe(true);
  });

  it('gives the dispatch desk to the roles the API lets dispatch and merge, not to operators or agents', () => {
    expect(screensFor('dispatcher').map((s) => s.path)).toEqual(['/calls/new', '/dispatch']);
    for (const role of ['supervisor', 'admin'] as const) expect(mayOpen(role, '/dispatch')).toBe(true);
    for (const role of ['operator', 'agent'] as const) expect(mayOpen(role, '/dispatch')).toBe(false);
  });

  it('gives the supervision board to supervisors and admins only, even by URL', () => {
    for (const role of ['supervisor', 'admin'] as const) expect(screensFor(role).map((s) => s.path)).toContain('/board');
    for (const role of ['operator', 'dispatcher', 'agent'] as const) expect(mayOpen(role, '/board')).toBe(false);
  });

  it('gives figures to agents (their own department), supervisors and admins, not to operators', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) expect(mayOpen(role, '/figures')).toBe(true);
    expect(mayOpen('operator', '/figures')).toBe(false);
    expect(screensFor('agent').map((s) => s.path)).toEqual(['/queue', '/figures']);
  });

  it('shows the sandbox phone to operators and admins, and only when SMS goes to the sandbox', () => {
    expect(screensFor('operator', 'sandbox').map((s) => s.path)).toContain('/phone');
    expect(screensFor('operator', 'twilio').map((s) => s.path)).not.toContain('/phone');
    expect(screensFor('admin').map((s) => s.path)).not.toContain('/phone');
    expect(screensFor('supervisor', 'sandbox').map((s) => s.path)).not.toContain('/phone');
  });

  it('gives the admin screens and every sub-page of them to admins only, even by URL', () => {
    expect(screensFor('admin').map((s) => s.path)).toContain('/admin');
    for (const path of ['/admin', '/admin/users', '/admin/calendar']) {
      expect(mayOpen('admin', path)).toBe(true);
      for (const role of ['operator', 'dispatcher', 'agent', 'supervisor'] as const) expect(mayOpen(role, path)).toBe(false);
    }
    // a prefix of another word is not a sub-page
    expect(mayOpen('operator', '/administrivia')).toBe(true);
  });
});
