/**
 * Every Open311 response is built once as an XML-shaped tree and written out in either format:
 * XML as the spec's examples show it, JSON by the spec's "Spark convention" (the root element is
 * dropped, a container of repeating elements becomes an array, a leaf's empty value is null).
 * Building both from one tree means the formats cannot drift apart.
 */
export type Leaf = string | number | boolean | null;

export type O311Node =
  | { kind: 'leaf'; name: string; value: Leaf }
  | { kind: 'record'; name: string; children: O311Node[] }
  | { kind: 'list'; name: string; items: O311Node[] };

export const leaf = (name: string, value: Leaf | undefined): O311Node => ({ kind: 'leaf', name, value: value ?? null });
export const record = (name: string, children: O311Node[]): O311Node => ({ kind: 'record', name, children });
export const list = (name: string, items: O311Node[]): O311Node => ({ kind: 'list', name, items });

export type O311Format = 'xml' | 'json';

export const CONTENT_TYPES: Record<O311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

// XML 1.0 forbids most control characters even escaped; free text from callers may hold them
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function leafText(value: Leaf): string {
  return value === null ? '' : xmlText(String(value));
}

function renderXml(node: O311Node, indent: string, out: string[]): void {
  if (node.kind === 'leaf') {
    out.push(node.value === null ? `${indent}<${node.name}/>` : `${indent}<${node.name}>${leafText(node.value)}</${node.name}>`);
    return;
  }
  const children = node.kind === 'record' ? node.children : node.items;
  if (!children.length) {
    out.push(`${indent}<${node.name}/>`);
    return;
  }
  out.push(`${indent}<${node.name}>`);
  for (const child of children) renderXml(child, `${indent}  `, out);
  out.push(`${indent}</${node.name}>`);
}

export function toXml(root: O311Node): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  renderXml(root, '', out);
  return `${out.join('\n')}\n`;
}

function sparkValue(node: O311Node): unknown {
  if (node.kind === 'leaf') return node.value;
  if (node.kind === 'list') return node.items.map(sparkValue);
  const obj: Record<string, unknown> = {};
  for (const child of node.children) obj[child.name] = sparkValue(child);
  return obj;
}

export function toSparkJson(root: O311Node): string {
  return JSON.stringify(sparkValue(root));
}

export function render(root: O311Node, format: O311Format): string {
  return format === 'xml' ? toXml(root) : toSparkJson(root);
}

/** The spec's error document: a list of code + description, in either format. */
export function errorsDocument(errors: { code: number | string; description: string }[]): O311Node {
  return list(
    'errors',
    errors.map((e) => record('error', [leaf('code', e.code), leaf('description', e.description)])),
  );
}

/**
 * `services.xml`, `requests/T2611220001.json`: the resource and the format the client asked for.
 * Service codes hold dots (`environment.noise`), so only the last suffix is the format; a name
 * without a known suffix is XML, the format the spec requires.
 */
export function splitFormat(name: string): { id: string; format: O311Format; explicit: boolean } {
  const m = /^(.*)\.(xml|json)$/i.exec(name);
  return m ? { id: m[1], format: m[2].toLowerCase() as O311Format, explicit: true } : { id: name, format: 'xml', explicit: false };
}

/** ISO 8601 with the zone's offset (`2026-11-22T09:30:00+08:00`), as the spec requires of every time. */
export function w3cDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = offsetMin === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
