import { checkAnswers, definitionProblems, type ServiceAttribute } from './service-attributes.js';

const attr = (over: Partial<ServiceAttribute>): ServiceAttribute => ({
  variable: true,
  code: 'A',
  datatype: 'string',
  required: false,
  datatypeDescription: null,
  order: 1,
  description: 'a question',
  values: [],
  ...over,
});

const definition = [
  attr({ code: 'WHEN', datatype: 'singlevaluelist', required: true, order: 1, values: [{ key: 'night', name: 'At night' }, { key: 'day', name: 'By day' }] }),
  attr({ code: 'WHAT', datatype: 'multivaluelist', order: 2, values: [{ key: 'drill', name: 'Drill' }, { key: 'truck', name: 'Truck' }] }),
  attr({ code: 'DB', datatype: 'number', order: 3 }),
  attr({ code: 'SINCE', datatype: 'datetime', order: 4 }),
  attr({ code: 'NAME', datatype: 'string', order: 5 }),
  attr({ code: 'NOTE', datatype: 'text', order: 6 }),
  attr({ code: 'INFO', variable: false, order: 7 }),
];

describe('definitionProblems', () => {
  it('accepts a well-formed definition', () => {
    expect(definitionProblems(definition)).toEqual([]);
  });

  it('names each problem with its attribute', () => {
    const problems = definitionProblems([
      attr({ code: 'bad code!' }),
      attr({ code: 'X', order: 1 }),
      attr({ code: 'X', order: 0 }),
      attr({ code: 'L', order: 4, datatype: 'singlevaluelist' }),
      attr({ code: 'S', order: 5, values: [{ key: 'a', name: 'A' }] }),
      attr({ code: 'D', order: 6, datatype: 'multivaluelist', values: [{ key: 'a', name: 'A' }, { key: 'a', name: 'B' }] }),
      attr({ code: 'R', order: 7, variable: false, required: true }),
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^attributes\[0\].*code must be/),
      'attributes[1] (X): order 1 is used twice',
      expect.stringMatching(/^attributes\[2\] \(X\): code X is used twice/),
      expect.stringMatching(/^attributes\[2\] \(X\): order must be a positive integer/),
      expect.stringMatching(/^attributes\[3\] \(L\): a singlevaluelist needs values/),
      expect.stringMatching(/^attributes\[4\] \(S\): only singlevaluelist and multivaluelist take values/),
      expect.stringMatching(/^attributes\[5\] \(D\): value keys must be unique/),
      expect.stringMatching(/^attributes\[6\] \(R\): an attribute that is not variable cannot be required/),
    ]);
  });
});

describe('checkAnswers', () => {
  it('normalises valid answers: one value, or a de-duplicated list for a multivaluelist', () => {
    const r = checkAnswers(definition, { WHEN: ['night'], WHAT: ['drill', 'truck', 'drill'], DB: ['72.5'], SINCE: ['2026-11-20T22:00:00+08:00'], NAME: [' Site 4 '], NOTE: ['line 1\nline 2'] });
    expect(r.problems).toEqual([]);
    expect(r.answers).toEqual({ WHEN: 'night', WHAT: ['drill', 'truck'], DB: '72.5', SINCE: '2026-11-20T22:00:00+08:00', NAME: 'Site 4', NOTE: 'line 1\nline 2' });
  });

  it('takes names that are also Object.prototype members as plain names', () => {
    const raw: Record<string, string[]> = Object.create(null);
    for (const [k, v] of [['constructor', 'x'], ['__proto__', 'y'], ['WHEN', 'day']]) raw[k] = [v];
    expect(checkAnswers(definition, raw)).toEqual({ answers: { WHEN: 'day' }, problems: [], ignored: [expect.stringContaining('constructor'), expect.stringContaining('__proto__')] });
    expect(checkAnswers([attr({ code: 'constructor', required: true })], Object.create(null)).problems).toEqual([expect.stringMatching(/^attribute\[constructor\]: required/)]);
  });

  it('requires what is required, and treats blank as not given', () => {
    expect(checkAnswers(definition, {}).problems).toEqual([expect.stringMatching(/^attribute\[WHEN\]: required/)]);
    expect(checkAnswers(definition, { WHEN: ['  '] }).problems).toEqual([expect.stringMatching(/^attribute\[WHEN\]: required/)]);
  });

  it('refuses values of the wrong type, one problem per attribute, and sets aside answers to questions not asked', () => {
    const r = checkAnswers(definition, {
      WHEN: ['evening'],
      WHAT: ['drill', 'boombox'],
      DB: ['loud'],
      SINCE: ['last week'],
      NAME: ['two\nlines'],
      INFO: ['x'],
      NOPE: ['x'],
    });
    expect(r.problems).toEqual([
      expect.stringMatching(/^attribute\[WHEN\]: "evening" not among the keys night, day/),
      expect.stringMatching(/^attribute\[WHAT\]: "boombox" not among/),
      'attribute[DB]: "loud" is not a number',
      'attribute[SINCE]: "last week" is not an ISO 8601 date and time',
      'attribute[NAME]: a string may not contain line breaks',
    ]);
    expect(r.ignored).toEqual(['attribute[INFO]: is information only and takes no answer', 'attribute[NOPE]: this service has no such attribute']);
    expect(checkAnswers(definition, { WHEN: ['night', 'day'] }).problems).toEqual(['attribute[WHEN]: takes one value']);
    expect(checkAnswers(definition, { WHEN: ['night'], DB: ['Infinity'] }).problems).toEqual(['attribute[DB]: "Infinity" is not a number']);
    expect(checkAnswers(definition, { WHEN: ['night'], SINCE: ['2026-02-30T10:00:00Z'] }).problems).toEqual(['attribute[SINCE]: "2026-02-30T10:00:00Z" is not an ISO 8601 date and time']);
    expect(checkAnswers(definition, { WHEN: ['night'], SINCE: ['2028-02-29'] }).problems).toEqual([]);
  });
});
