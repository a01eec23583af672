import { ApiError } from './api';
import { formProblems } from './field-errors';

const describe_ = (e: ApiError) => `[${e.code}] ${e.message}`;

describe('placing API refusals next to the fields they name', () => {
  it('puts each validation problem on its field and keeps unknown fields for the whole form', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'x', { fields: [{ field: 'username', problems: ['username: 3-64 letters'] }, { field: 'secret', problems: ['should not exist'] }] });
    const p = formProblems(err, ['username', 'password'], describe_);
    expect(p.fields).toEqual({ username: 'username: 3-64 letters' });
    expect((p.general as ApiError).message).toBe('secret: should not exist');
  });

  it('uses a domain error’s details.field, nested names going to their form field', () => {
    const err = new ApiError(400, 'INVALID_LIMIT', 'limits.resolve: write it as 30m, 4h or 5wd', { field: 'limits.resolve' });
    expect(formProblems(err, ['limits.resolve', 'name'], describe_).fields).toEqual({ 'limits.resolve': '[INVALID_LIMIT] limits.resolve: write it as 30m, 4h or 5wd' });
    expect(formProblems(err, ['limits'], describe_).fields).toEqual({ limits: '[INVALID_LIMIT] limits.resolve: write it as 30m, 4h or 5wd' });
    expect(Object.keys(formProblems(err, ['limits', 'limits.resolve'], describe_).fields)).toEqual(['limits.resolve']);
  });

  it('reads a field named at the start of the message only when the form has that field', () => {
    const err = new ApiError(400, 'DEPARTMENT_REQUIRED', 'departmentId: an agent belongs to a department');
    expect(formProblems(err, ['role', 'departmentId'], describe_)).toEqual({ fields: { departmentId: '[DEPARTMENT_REQUIRED] departmentId: an agent belongs to a department' }, general: null });
    expect(formProblems(err, ['role'], describe_)).toEqual({ fields: {}, general: err });
  });

  it('puts a refusal that can only concern one field (a taken username) on that field', () => {
    const taken = new ApiError(409, 'USERNAME_TAKEN', 'A user named x exists');
    expect(formProblems(taken, ['username'], describe_).fields).toEqual({ username: '[USERNAME_TAKEN] A user named x exists' });
  });

  it('leaves errors without a field, and network failures, to the whole form', () => {
    const conflict = new ApiError(409, 'VERSION_CONFLICT', 'changed meanwhile');
    expect(formProblems(conflict, ['username'], describe_)).toEqual({ fields: {}, general: conflict });
    const boom = new Error('offline');
    expect(formProblems(boom, ['username'], describe_)).toEqual({ fields: {}, general: boom });
  });
});
