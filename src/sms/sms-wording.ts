import type { SmsTemplateKey } from './sms-templates.js';

/**
 * A deployment's own wording for one template, written by an admin in the console:
 *
 *   【{hotline}】您反映的问题已登记，工单号{number}，查询码{code}[，承办单位：{department}]。
 *
 * `{name}` is replaced by a value; a part in `[...]` is left out when a value inside it is empty
 * (no department yet, no deadline, an e-mail without the rating question), and `[...|...]` says
 * what to write instead. Nothing else is special. The department and free text are still cut to fit the segment budget, exactly as with
 * the shipped wording; a text that cannot fit even then is refused when it is saved.
 */

/** What a wording sees: the fitted parts of one message (see renderSms). */
export interface WordingParts {
  sig: string;
  number: string;
  code: string;
  due: string;
  dept: string;
  text: string;
  rating: string;
  label: string;
  lines: string[];
  /** Tickets left out of a status reply, '' when none. */
  more: string;
}

export type Placeholder = 'hotline' | 'number' | 'code' | 'due' | 'department' | 'reason' | 'result' | 'alert' | 'rating' | 'score' | 'tickets' | 'more';

const VALUE: Record<Placeholder, (p: WordingParts) => string> = {
  hotline: (p) => p.sig,
  number: (p) => p.number,
  code: (p) => p.code,
  due: (p) => p.due,
  department: (p) => p.dept,
  reason: (p) => p.text,
  result: (p) => p.text,
  alert: (p) => p.text,
  rating: (p) => p.rating,
  score: (p) => p.label,
  tickets: (p) => p.lines.join('\n'),
  more: (p) => p.more,
};

const SIG_ONLY: readonly Placeholder[] = ['hotline'];

/** The placeholders each template may use; the first ones listed under `required` must appear. */
export const WORDING_PLACEHOLDERS: Record<SmsTemplateKey, { allowed: readonly Placeholder[]; required: readonly Placeholder[] }> = {
  registered: { allowed: ['hotline', 'number', 'code', 'department', 'due'], required: ['hotline', 'number', 'code'] },
  accepted: { allowed: ['hotline', 'number', 'department', 'due'], required: ['hotline', 'number'] },
  extended: { allowed: ['hotline', 'number', 'due', 'reason'], required: ['hotline', 'number', 'due'] },
  reopened: { allowed: ['hotline', 'number', 'department', 'due'], required: ['hotline', 'number'] },
  // without {rating} callers could no longer rate, and a bad rating could no longer reopen a ticket
  resolved: { allowed: ['hotline', 'number', 'department', 'result', 'rating'], required: ['hotline', 'number', 'rating'] },
  status: { allowed: ['hotline', 'tickets', 'more'], required: ['hotline', 'tickets'] },
  no_open_tickets: { allowed: SIG_ONLY, required: SIG_ONLY },
  not_found: { allowed: SIG_ONLY, required: SIG_ONLY },
  help: { allowed: SIG_ONLY, required: SIG_ONLY },
  stopped: { allowed: SIG_ONLY, required: SIG_ONLY },
  started: { allowed: SIG_ONLY, required: SIG_ONLY },
  throttled: { allowed: SIG_ONLY, required: SIG_ONLY },
  rating_thanks: { allowed: ['hotline', 'number', 'score'], required: SIG_ONLY },
  rating_reopened: { allowed: ['hotline', 'number', 'department', 'due'], required: ['hotline', 'number'] },
  already_rated: { allowed: ['hotline', 'number'], required: SIG_ONLY },
  nothing_to_rate: { allowed: SIG_ONLY, required: SIG_ONLY },
  unknown: { allowed: SIG_ONLY, required: SIG_ONLY },
  alert: { allowed: ['hotline', 'number', 'due', 'alert'], required: ['hotline', 'number'] },
};

/** Long enough for any message of three segments, short enough that a paste of a document is refused. */
export const MAX_WORDING_LENGTH = 600;

type Piece = { literal: string } | { placeholder: Placeholder } | { optional: Piece[]; otherwise?: Piece[] };

export interface CompiledWording {
  text: string;
  build(p: WordingParts): string;
}

export class WordingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** Parses a wording for `template`; throws a WordingError listing every problem found. */
export function compileWording(template: SmsTemplateKey, text: string): CompiledWording {
  const problems: string[] = [];
  const { allowed, required } = WORDING_PLACEHOLDERS[template];
  if (text.trim() === '') problems.push('the text is empty');
  if (text.length > MAX_WORDING_LENGTH) problems.push(`the text is ${text.length} characters long; at most ${MAX_WORDING_LENGTH}`);
  const top: Piece[] = [];
  let current = top;
  let openedAt = -1;
  const used = new Set<Placeholder>();
  let literal = '';
  const flush = () => {
    if (literal) current.push({ literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') {
      const end = text.indexOf('}', i);
      const name = end < 0 ? '' : text.slice(i + 1, end);
      if (end < 0 || !/^[a-z]+$/.test(name)) {
        problems.push(`"{" at character ${i + 1} does not open a placeholder such as {number}`);
        if (end >= 0) i = end;
        continue;
      }
      if (!(allowed as readonly string[]).includes(name)) {
        problems.push(`{${name}} is not a placeholder of '${template}'; it may use ${allowed.map((a) => `{${a}}`).join(' ')}`);
      } else {
        flush();
        current.push({ placeholder: name as Placeholder });
        used.add(name as Placeholder);
      }
      i = end;
    } else if (ch === '}') {
      problems.push(`"}" at character ${i + 1} closes no placeholder`);
    } else if (ch === '[') {
      if (current !== top) {
        problems.push(`"[" at character ${i + 1} opens an optional part inside another; they cannot nest`);
        continue;
      }
      flush();
      const optional: Piece[] = [];
      top.push({ optional });
      current = optional;
      openedAt = i;
    } else if (ch === '|' && current !== top) {
      flush();
      const open = top[top.length - 1] as { optional: Piece[]; otherwise?: Piece[] };
      if (open.otherwise) {
        problems.push(`"|" at character ${i + 1} is the second in one optional part`);
        continue;
      }
      if (!current.some((p) => 'placeholder' in p)) problems.push(`the optional part at character ${openedAt + 1} has no placeholder before its "|"`);
      open.otherwise = [];
      current = open.otherwise;
    } else if (ch === ']') {
      if (current === top) {
        problems.push(`"]" at character ${i + 1} closes no optional part`);
        continue;
      }
      flush();
      const open = top[top.length - 1] as { optional: Piece[]; otherwise?: Piece[] };
      if (!open.otherwise && !current.some((p) => 'placeholder' in p)) problems.push(`the optional part at character ${openedAt + 1} has no placeholder, so it would always be shown`);
      problems.push(...hostages(open.optional, required));
      current = top;
    } else {
      literal += ch;
    }
  }
  flush();
  if (current !== top) problems.push(`the optional part opened at character ${openedAt + 1} is not closed with "]"`);
  const missing = required.filter((r) => !used.has(r));
  if (missing.length) problems.push(`'${template}' must contain ${missing.map((m) => `{${m}}`).join(' ')}`);
  if (problems.length) throw new WordingError(problems);
  return { text, build: (p) => join(top, p) };
}

/** Values a message must carry that are always there (the rating question is absent from e-mails). */
const ALWAYS_THERE = (required: readonly Placeholder[]): Placeholder[] => required.filter((r) => r !== 'rating');

/** A value the message must carry, in an optional part that a missing value would drop with it. */
function hostages(optional: Piece[], required: readonly Placeholder[]): string[] {
  const names = optional.filter((x): x is { placeholder: Placeholder } => 'placeholder' in x).map((x) => x.placeholder);
  const droppers = names.filter((n) => !ALWAYS_THERE(required).includes(n));
  if (droppers.length === 0) return [];
  return names
    .filter((n) => ALWAYS_THERE(required).includes(n))
    .map((n) => `{${n}} is in an optional part with {${droppers[0]}}: a message without ${droppers[0]} would leave {${n}} out`);
}

function join(pieces: Piece[], p: WordingParts): string {
  const out = { text: '', valueEnd: -1 };
  append(out, pieces, p);
  return out.text;
}

/**
 * `valueEnd`: where the last value ended. A value that already ends a sentence (free text, a
 * department name cut with "...") does not get the wording's own full stop after it as well.
 */
function append(out: { text: string; valueEnd: number }, pieces: Piece[], p: WordingParts): void {
  for (const piece of pieces) {
    if ('literal' in piece) {
      const doubled = out.valueEnd === out.text.length && /[.!?。！？…]$/.test(out.text) && /^[.。]/.test(piece.literal);
      out.text += doubled ? piece.literal.slice(1) : piece.literal;
    } else if ('placeholder' in piece) {
      const value = VALUE[piece.placeholder](p);
      out.text += value;
      if (value !== '') out.valueEnd = out.text.length;
    } else if (piece.optional.every((x) => !('placeholder' in x) || VALUE[x.placeholder](p) !== '')) {
      append(out, piece.optional, p);
    } else if (piece.otherwise) {
      append(out, piece.otherwise, p);
    }
  }
}

/**
 * The shipped wording of a template written in this syntax, for an admin to start from: the
 * template rendered with each value standing for itself, optional parts in brackets.
 */
export function wordingOf(render: (p: WordingParts) => string, freeText: Placeholder = 'result'): string {
  return render({
    sig: '{hotline}',
    number: '{number}',
    code: '{code}',
    due: '{due}',
    dept: '{department}',
    text: `{${freeText}}`,
    rating: '{rating}',
    label: '{score}',
    lines: ['{tickets}'],
    more: '{more}',
  });
}

/** True for a value that is a placeholder standing for itself (see wordingOf). */
export const isToken = (value: string) => value.charCodeAt(0) === 123 /* { */ && /^\{[a-z]+\}$/.test(value);
