import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { getMetadataStorage, IsString } from 'class-validator';
import { CreateCallDto } from '../calls/create-call.dto.js';
import { quickDto } from './quick-validation.js';
import { createValidationPipe, VALIDATION_OPTIONS } from './validation.js';

type Dto = new () => object;

/** Every DTO class the API declares: the modules that hold them, and their exported classes with rules. */
const DTO_MODULES = [
  '../extensions/extension.dto.js',
  '../users/user.dto.js',
  '../routing/routing-rule.dto.js',
  '../auth/login.dto.js',
  '../feedback/feedback.dto.js',
  '../sms/sms.dto.js',
  '../calls/create-call.dto.js',
  '../categories/categories.controller.js',
  '../open311/open311-keys.controller.js',
  '../departments/department.dto.js',
  '../reports/reports.controller.js',
  '../alerts/supervision.controller.js',
  '../alerts/alerts.controller.js',
  '../tickets/list-tickets.dto.js',
  '../tickets/transition.dto.js',
  '../calendar/calendar.controller.js',
  '../deadlines/sla-policy.dto.js',
  '../deadlines/deadline-preview.controller.js',
];

const rulesOf = (dto: Dto) => getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false, undefined);

async function allDtos(): Promise<Dto[]> {
  const found: Dto[] = [];
  for (const path of DTO_MODULES) {
    const mod = (await import(path)) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (typeof v === 'function' && rulesOf(v as Dto).length > 0) found.push(v as Dto);
  }
  return found;
}

/** The stock pipe with the API's options: what the quick path must agree with. */
const stock = new ValidationPipe(VALIDATION_OPTIONS);

async function full(dto: Dto, value: unknown): Promise<{ ok: true; entity: object } | { ok: false }> {
  try {
    return { ok: true, entity: (await stock.transform(value, { type: 'body', metatype: dto })) as object };
  } catch {
    return { ok: false };
  }
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values near each property's limits: its @IsIn choices, strings just inside and outside its @Length, and wrong types. */
function valuePool(dto: Dto, property: string): unknown[] {
  const pool: unknown[] = ['', 'a', 'x'.repeat(41), '\uFE0F', '😀😀', ' padded ', '2026-12-06T08:00:00Z', '3fa85f64-5717-4562-b3fc-2c963f66afa6', '+8613800138000', 0, 1, -91, 45.5, 181, 3.7, true, false, null, [], ['a'], {}];
  for (const r of rulesOf(dto).filter((m) => m.propertyName === property)) {
    const c = r.constraints ?? [];
    if (r.name === 'isIn' && Array.isArray(c[0])) pool.push(...(c[0] as unknown[]), ...(c[0] as unknown[]));
    if (r.name === 'isLength') {
      const [min, max] = c as [number, number | undefined];
      for (const n of [min - 1, min, min + 1, max, (max ?? 0) + 1]) if (typeof n === 'number' && n >= 0 && n < 6000) pool.push('字'.repeat(n), 'b'.repeat(n));
      if (max !== undefined) pool.push(`${'c'.repeat(max - 1)}😀`, `${'\uFE0F'.repeat(min)}`);
    }
    if (r.name === 'min' || r.name === 'max') pool.push(c[0], (c[0] as number) - 1, (c[0] as number) + 1);
  }
  return pool;
}

/** The pool's values that pass every rule of the property on their own, by class-validator's own constraint classes. */
function passing(dto: Dto, property: string, pool: unknown[]): unknown[] {
  const storage = getMetadataStorage();
  const rules = rulesOf(dto).filter((m) => m.propertyName === property && m.constraintCls);
  return pool.filter((value) =>
    rules.every((m) =>
      storage.getTargetValidatorConstraints(m.constraintCls).every((c) => {
        const instance = c.instance as { validate(v: unknown, args: object): unknown };
        const check = (v: unknown) => instance.validate(v, { value: v, constraints: m.constraints, property, object: {}, targetName: dto.name }) === true;
        return m.each ? Array.isArray(value) && value.every(check) : check(value);
      }),
    ),
  );
}

/** A body whose fields are mostly values their rules accept, sometimes not, sometimes absent. */
function randomBody(dto: Dto, rand: () => number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const property of new Set(rulesOf(dto).map((m) => m.propertyName))) {
    if (rand() < 0.3) continue;
    const pool = valuePool(dto, property);
    const good = passing(dto, property, pool);
    const from = good.length > 0 && rand() < 0.85 ? good : pool;
    body[property] = from[Math.floor(rand() * from.length)];
  }
  if (rand() < 0.05) body.unexpected = 'x';
  return body;
}

/** As a request's body arrives: parsed JSON (undefined fields dropped), in this realm. */
const copy = (body: object) => JSON.parse(JSON.stringify(body)) as Record<string, unknown>;

const allPrimitive = (o: Record<string, unknown>) => Object.values(o).every((v) => v === null || typeof v !== 'object');

describe('quickDto: the validation pipe’s quick path', () => {
  it('builds a valid call without the full path, as the same class with the same fields', () => {
    const body = { callerPhone: '138 0013 8000', kind: 'complaint', categoryCode: 'environment.noise', description: 'drilling at night', lat: 39.9, lng: 116.3 };
    const dto = quickDto(CreateCallDto, { ...body });
    expect(dto).toBeInstanceOf(CreateCallDto);
    expect({ ...dto }).toMatchObject(body);
  });

  it('leaves a DTO with class-transformer decorators, getters or fields set by its constructor to the full path', async () => {
    class Trimmed {
      @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
      @IsString()
      name!: string;
    }
    expect(await full(Trimmed, { name: ' padded ' })).toEqual({ ok: true, entity: Object.assign(new Trimmed(), { name: 'padded' }) });
    expect(quickDto(Trimmed, { name: ' padded ' })).toBeUndefined();
    class WithGetter {
      @IsString()
      get label(): string {
        return 'fixed';
      }
    }
    expect(quickDto(WithGetter, { label: 'x' })).toBeUndefined();
    class WithDefault {
      @IsString()
      name!: string;
      source = 'web';
    }
    expect((await full(WithDefault, { name: 'x' })).ok).toBe(false); // the whitelist refuses the unruled field
    expect(quickDto(WithDefault, { name: 'x' })).toBeUndefined();
  });

  it('refuses what the full path refuses: a failed rule, an unknown field, a missing required field', () => {
    const ok = { callerPhone: '13800138000', kind: 'complaint', categoryCode: 'a', description: 'b' };
    expect(quickDto(CreateCallDto, ok)).toBeDefined();
    expect(quickDto(CreateCallDto, { ...ok, kind: 'praise' })).toBeUndefined();
    expect(quickDto(CreateCallDto, { ...ok, sneaky: true })).toBeUndefined();
    expect(quickDto(CreateCallDto, { ...ok, description: undefined })).toBeUndefined();
    expect(quickDto(CreateCallDto, { ...ok, lat: 91 })).toBeUndefined();
    expect(quickDto(CreateCallDto, JSON.parse('{"__proto__": {"kind": "complaint"}, "callerPhone": "1"}'))).toBeUndefined();
    expect(quickDto(CreateCallDto, [ok])).toBeUndefined();
  });

  it('agrees with the full pipe on thousands of bodies near every DTO’s limits', async () => {
    const dtos = await allDtos();
    expect(dtos.length).toBeGreaterThan(25);
    const rand = rng(0x9a11);
    let quickTaken = 0;
    for (const dto of dtos) {
      for (let i = 0; i < 400; i++) {
        const body = randomBody(dto, rand);
        const quick = quickDto(dto, copy(body));
        const outcome = await full(dto, copy(body));
        const label = `${dto.name} ${JSON.stringify(body)}`;
        if (quick !== undefined) {
          quickTaken++;
          expect([label, outcome.ok]).toEqual([label, true]);
          if (outcome.ok) expect(quick).toStrictEqual(outcome.entity);
        }
      }
    }
    expect(quickTaken).toBeGreaterThan(500);
  });

  it('takes the quick path for every valid all-primitive body of a DTO with plain rules', async () => {
    const rand = rng(0xca11);
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const body = randomBody(CreateCallDto, rand);
      if (!allPrimitive(body) || !(await full(CreateCallDto, copy(body))).ok) continue;
      valid++;
      expect([JSON.stringify(body), quickDto(CreateCallDto, body) !== undefined]).toEqual([JSON.stringify(body), true]);
    }
    expect(valid).toBeGreaterThan(20);
  });

  it('gives the API’s pipe the outcome of the stock pipe with its options: the same DTO, or the same 400', async () => {
    const api = createValidationPipe();
    const outcome = (pipe: ValidationPipe, body: unknown) =>
      pipe.transform(body, { type: 'body', metatype: CreateCallDto }).then(
        (dto: unknown) => ({ dto }),
        (err: { getResponse(): unknown }) => ({ error: err.getResponse() }),
      );
    const rand = rng(0x400);
    let refused = 0;
    for (let i = 0; i < 500; i++) {
      const body = randomBody(CreateCallDto, rand);
      const [got, want] = [await outcome(api, copy(body)), await outcome(stock, copy(body))];
      expect([JSON.stringify(body), got]).toStrictEqual([JSON.stringify(body), want]);
      if ('error' in got) refused++;
    }
    expect(refused).toBeGreaterThan(50);
  });
});
