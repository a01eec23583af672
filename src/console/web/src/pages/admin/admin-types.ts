import type { Role } from '../../nav';

/** The shapes the admin API answers with (src/users, departments, categories, routing, deadlines, calendar, sms). */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  email: string | null;
  phone: string | null;
  onDuty: boolean;
  active: boolean;
  createdAt: string;
}

export const DEPARTMENT_KINDS = ['department', 'supervision', 'leadership'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export interface AdminDepartment {
  id: string;
  code: string;
  name: string;
  kind: DepartmentKind;
  active: boolean;
}

export interface AdminCategory {
  id: string;
  code: string;
  name: string;
  active: boolean;
  description: string | null;
  keywords: string | null;
  children: AdminCategory[];
}

export interface RoutingRule {
  id: string;
  name: string;
  categoryId: string | null;
  district: string | null;
  keywords: string[];
  leadDepartmentId: string;
  assistingDepartmentIds: string[];
  priority: number;
  autoDispatch: boolean;
  active: boolean;
}

export interface Suggestion {
  ruleName: string;
  leadDepartment: { id: string; code: string; name: string };
  assistingDepartmentIds: string[];
  autoDispatch: boolean;
  reasons: string[];
}

export const STAGES = ['dispatch', 'accept', 'resolve', 'callback', 'rectify'] as const;
export type Stage = (typeof STAGES)[number];

export interface SlaPolicy {
  id: string;
  name: string;
  categoryId: string | null;
  priority: string | null;
  clock: 'business' | 'wall';
  limits: Partial<Record<Stage, string>>;
  warnPercent: number;
  level2AfterMinutes: number;
  level3AfterMinutes: number;
  repeatEveryMinutes: number;
  active: boolean;
}

export type RulingKind = 'holiday' | 'workday' | 'ordinary';

export interface CalendarYear {
  timeZone: string;
  year: number;
  weeklyHours: Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', [number, number][]>;
  days: { date: string; kind: 'holiday' | 'workday'; name: string | null; source: 'shipped' | 'ruling' }[];
  rulings: { date: string; kind: RulingKind; name: string | null; updatedBy: string | null; updatedAt: string }[];
  source: string | null;
  provisional: string | null;
}

export interface SmsRendering {
  locale: string;
  body: string;
  encoding: string;
  units: number;
  segments: number;
}

/** A template in one language as the deployment has it: its wording and a sample rendering. */
export interface SmsWordingView extends SmsRendering {
  text: string;
  custom: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface SmsTemplateView {
  template: string;
  placeholders: { name: string; required: boolean }[];
  renderings: SmsWordingView[];
}

export interface SmsTemplates {
  maxSegments: number;
  refreshSeconds: number;
  templates: SmsTemplateView[];
}

/** Every category depth first, with its depth, for pickers and the tree (inactive ones too: an admin may still mean them). */
export function flatCategories(tree: AdminCategory[]): (AdminCategory & { depth: number })[] {
  const out: (AdminCategory & { depth: number })[] = [];
  const walk = (nodes: AdminCategory[], depth: number) => {
    for (const n of nodes) {
      out.push({ ...n, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(tree, 0);
  return out;
}
