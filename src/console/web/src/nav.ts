import type { MessageKey } from './i18n/messages';

export type Role = 'operator' | 'dispatcher' | 'agent' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['operator', 'dispatcher', 'agent', 'supervisor', 'admin'];

export interface Screen {
  path: string;
  label: MessageKey;
  /** Who sees it in the navigation and may open it: the same roles the API lets do its work. */
  roles: readonly Role[];
  /** Only in demo mode (SMS to the built-in sandbox): the screen plays a caller's phone. */
  sandboxOnly?: boolean;
}

/** The console's screens, in navigation order. */
export const SCREENS: readonly Screen[] = [
  { path: '/calls/new', label: 'nav.logCall', roles: ['operator', 'dispatcher', 'supervisor', 'admin'] },
  // the department queue; the ticket page (/tickets/:number) is opened from lists, not the navigation
  { path: '/queue', label: 'nav.queue', roles: ['agent'] },
  // tickets no department works on (registered, returned): routed or merged by the dispatch desk
  { path: '/dispatch', label: 'nav.dispatch', roles: ['dispatcher', 'supervisor', 'admin'] },
  // urging, approving extensions and the whole inbox are the supervision office's (and admins') work
  { path: '/board', label: 'nav.board', roles: ['supervisor', 'admin'] },
  // an agent's figures are their own department's (the API narrows them)
  { path: '/figures', label: 'nav.figures', roles: ['agent', 'supervisor', 'admin'] },
  { path: '/phone', label: 'nav.phone', roles: ['operator', 'admin'], sandboxOnly: true },
  // users, departments, categories, rules, SLA policies, calendar, SMS templates: the admin API's own role
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
];

/** The screens a role sees; the sandbox phone only where SMS goes to the sandbox (unknown settings: not yet). */
export function screensFor(role: Role, smsTransport?: 'twilio' | 'sandbox'): Screen[] {
  return SCREENS.filter((s) => s.roles.includes(role) && (!s.sandboxOnly || smsTransport === 'sandbox'));
}

/** A screen's sub-pages (/admin/users) are as closed as the screen itself. */
export function mayOpen(role: Role, path: string): boolean {
  const screen = SCREENS.find((s) => s.path === path || path.startsWith(`${s.path}/`));
  return !screen || screen.roles.includes(role);
}
