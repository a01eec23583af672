/** The call being logged, as the form holds it. */
export interface Draft {
  phone: string;
  name: string;
  kind: 'complaint' | 'inquiry';
  categoryCode: string | null;
  description: string;
  answer: string;
  address: string;
  district: string;
  priority: string;
}

export type Field = keyof Draft;

export const EMPTY_DRAFT: Draft = { phone: '', name: '', kind: 'complaint', categoryCode: null, description: '', answer: '', address: '', district: '', priority: 'normal' };

/** What the API requires for each kind, in the form's order, so the first one missing gets the focus. */
export function missingFields(d: Draft): Field[] {
  const required: Field[] = d.kind === 'complaint' ? ['phone', 'categoryCode', 'description'] : ['phone', 'description', 'answer'];
  return required.filter((f) => !String(d[f] ?? '').trim());
}

const opt = (s: string) => s.trim() || undefined;

/** The `POST /api/v1/calls` body: blank optional fields are left out, not sent empty (the API refuses ""). */
export function callBody(d: Draft): Record<string, unknown> {
  const common = { callerPhone: d.phone.trim(), callerName: opt(d.name), description: d.description.trim() };
  if (d.kind === 'inquiry') return { ...common, kind: 'inquiry', answer: d.answer.trim(), categoryCode: d.categoryCode ?? undefined };
  return { ...common, kind: 'complaint', categoryCode: d.categoryCode, address: opt(d.address), district: opt(d.district), priority: d.priority };
}

/** A repeat call on an open ticket (催办): whatever the caller said this time goes with it as the note. */
export function followUpBody(d: Draft, ticketNumber: string): Record<string, unknown> {
  return { callerPhone: d.phone.trim(), callerName: opt(d.name), kind: 'follow_up', ticketNumber, description: opt(d.description) };
}
