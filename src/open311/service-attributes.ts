/**
 * Open311 service definitions: the extra questions a category asks (GeoReport v2 "attributes"),
 * checked when an admin defines them and again when a request answers them. Pure functions: the
 * category stores the definition as JSON, the request stores the answers as JSON.
 */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export interface AttributeValue {
  key: string;
  name: string;
}

export interface ServiceAttribute {
  /** false: information shown to the user only, never answered */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatypeDescription: string | null;
  order: number;
  description: string;
  values: AttributeValue[];
}

/** What a request answered: one value, or several for a multivaluelist. */
export type AttributeAnswers = Record<string, string | string[]>;

const CODE = /^[A-Za-z0-9_-]{1,50}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const isList = (d: AttributeDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

/** Problems with a definition an admin submitted, each naming the attribute; empty when it is usable. */
export function definitionProblems(attributes: ServiceAttribute[]): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const orders = new Set<number>();
  attributes.forEach((a, i) => {
    const at = `attributes[${i}]${a.code ? ` (${a.code})` : ''}`;
    if (!CODE.test(a.code ?? '')) problems.push(`${at}: code must be 1-50 letters, digits, _ or -`);
    else if (codes.has(a.code)) problems.push(`${at}: code ${a.code} is used twice`);
    codes.add(a.code);
    if (!ATTRIBUTE_DATATYPES.includes(a.datatype)) problems.push(`${at}: datatype must be one of ${ATTRIBUTE_DATATYPES.join(', ')}`);
    if (!Number.isInteger(a.order) || a.order < 1) problems.push(`${at}: order must be a positive integer`);
    else if (orders.has(a.order)) problems.push(`${at}: order ${a.order} is used twice`);
    orders.add(a.order);
    if (!a.variable && a.required) problems.push(`${at}: an attribute that is not variable cannot be required`);
    if (isList(a.datatype)) {
      if (!a.values?.length) problems.push(`${at}: a ${a.datatype} needs values`);
      const keys = new Set(a.values.map((v) => v.key));
      if (keys.size !== a.values.length) problems.push(`${at}: value keys must be unique`);
    } else if (a.values?.length) {
      problems.push(`${at}: only singlevaluelist and multivaluelist take values`);
    }
  });
  return problems;
}

/**
 * Checks a request's answers against the definition and returns them normalised (numbers as
 * written, lists as arrays of keys), or the problems, one per attribute, in the definition's order.
 * Answers to questions the service does not ask are left out, not refused: clients such as
 * FixMyStreet send their own extra fields as attributes.
 */
export function checkAnswers(definition: ServiceAttribute[], raw: Record<string, string[]>): { answers: AttributeAnswers; problems: string[]; ignored: string[] } {
  const problems: string[] = [];
  const ignored: string[] = [];
  const answers: AttributeAnswers = Object.create(null);
  const known = new Map(definition.map((a) => [a.code, a]));
  for (const code of Object.keys(raw)) {
    const a = known.get(code);
    if (!a) ignored.push(`attribute[${code}]: this service has no such attribute`);
    else if (!a.variable) ignored.push(`attribute[${code}]: is information only and takes no answer`);
  }
  for (const a of [...definition].sort((x, y) => x.order - y.order)) {
    if (!a.variable) continue;
    const given = (Object.hasOwn(raw, a.code) ? raw[a.code] : []).map((v) => v.trim()).filter((v) => v !== '');
    if (!given.length) {
      if (a.required) problems.push(`attribute[${a.code}]: required (${a.description})`);
      continue;
    }
    const problem = valueProblem(a, given);
    if (problem) problems.push(`attribute[${a.code}]: ${problem}`);
    else answers[a.code] = a.datatype === 'multivaluelist' ? [...new Set(given)] : given[0];
  }
  return { answers: { ...answers }, problems, ignored };
}

function valueProblem(a: ServiceAttribute, given: string[]): string | null {
  if (a.datatype !== 'multivaluelist' && given.length > 1) return 'takes one value';
  const value = given[0];
  switch (a.datatype) {
    case 'string':
      if (/[\r\n]/.test(value)) return 'a string may not contain line breaks';
      return value.length > 1000 ? 'at most 1000 characters' : null;
    case 'text':
      return value.length > 4000 ? 'at most 4000 characters' : null;
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) && Number.isFinite(Number(value)) ? null : `"${value}" is not a number`;
    case 'datetime':
      return isRealDateTime(value) ? null : `"${value}" is not an ISO 8601 date and time`;
    case 'singlevaluelist':
    case 'multivaluelist': {
      const keys = new Set(a.values.map((v) => v.key));
      const unknown = given.filter((v) => !keys.has(v));
      return unknown.length ? `${unknown.map((v) => `"${v}"`).join(', ')} not among the keys ${[...keys].join(', ')}` : null;
    }
  }
}

/** ISO 8601 as written, and a day that exists (Date.parse rolls 30 February over into March). */
function isRealDateTime(value: string): boolean {
  if (!ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) return false;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  const [hour, minute] = [Number(value.slice(11, 13) || 0), Number(value.slice(14, 16) || 0)];
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hour < 24 && minute < 60;
}
