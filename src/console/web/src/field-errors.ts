import { ApiError } from './api';

/** What a refused form gets back: a problem per field the API named, and the rest for the whole form. */
export interface FormProblems {
  fields: Record<string, string>;
  general: unknown;
}

export const NO_PROBLEMS: FormProblems = { fields: {}, general: null };

/** Refusals that name no field but can only be about one (a taken code is the code's problem). */
const CODE_FIELDS: Record<string, string> = {
  USERNAME_TAKEN: 'username',
  DEPARTMENT_CODE_TAKEN: 'code',
  CATEGORY_CODE_TAKEN: 'code',
  PARENT_CATEGORY_NOT_FOUND: 'code',
  DEPARTMENT_REQUIRED: 'departmentId',
  DEPARTMENT_NOT_FOUND: 'departmentId',
  INVALID_PHONE: 'phone',
};

/**
 * Sorts an API refusal by field. The API names fields three ways: the validation pipe's
 * `details.fields[{field, problems}]`, a domain error's `details.field`, or (older errors) a message
 * starting `field: …`. A field this form does not show stays a form-level problem, so nothing is
 * silently dropped. `describe` words an error by its code (the operator's language).
 */
export function formProblems(err: unknown, formFields: readonly string[], describe: (err: ApiError) => string): FormProblems {
  if (!(err instanceof ApiError)) return { fields: {}, general: err };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const put = (field: string, text: string) => {
    // the most precise field the form shows: limits.resolve before limits
    const known = formFields.find((f) => field === f) ?? formFields.find((f) => field.startsWith(`${f}.`) || field.startsWith(`${f}[`));
    if (known) fields[known] = fields[known] ? `${fields[known]}; ${text}` : text;
    else rest.push(`${field}: ${text}`);
  };
  const listed = (err.details as { fields?: { field: string; problems: string[] }[] } | undefined)?.fields;
  const named = (err.details as { field?: unknown } | undefined)?.field;
  const prefixed = /^([A-Za-z][\w.]*): /.exec(err.message)?.[1];
  const byCode = CODE_FIELDS[err.code];
  if (Array.isArray(listed) && listed.length) for (const f of listed) put(f.field, f.problems.join(', '));
  else if (typeof named === 'string') put(named, describe(err));
  else if (byCode && formFields.includes(byCode)) put(byCode, describe(err));
  else if (prefixed && formFields.some((f) => prefixed === f || prefixed.startsWith(`${f}.`))) put(prefixed, describe(err));
  else return { fields: {}, general: err };
  return { fields, general: rest.length ? new ApiError(err.status, err.code, rest.join('; ')) : null };
}
