import { createRequire } from 'node:module';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage.js';
import { getMetadataStorage, ValidationTypes, type MetadataStorage, type ValidationArguments } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
// class-transformer keeps its decorators' metadata here; the package exports no path to it
const { defaultMetadataStorage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerMetadata };

type Dto = new () => object;
type Rule = { meta: ValidationMetadata; validate: (value: unknown, args: ValidationArguments) => unknown };
type Property = { name: string; conditions: ((object: object, value: unknown) => boolean)[]; rules: Rule[] };

/**
 * Builds a request body's DTO without class-transformer and class-validator's per-request
 * machinery, when that cannot change the outcome. The global ValidationPipe cost ~10 % of the API
 * process's CPU in bench:calls (metadata look-ups, error objects built for every property), while
 * the checks themselves are cheap. For a DTO whose rules are all plain synchronous constraints
 * (@IsString, @Length, @IsIn, @IsOptional, @ValidateIf...) with no class-transformer decorators, the
 * same constraints run here, in class-validator's order and with its arguments, on the instance
 * class-transformer would have built. A value that passes is returned; anything else (a failure,
 * an unknown field, a nested value, a DTO with other rules) returns undefined, and the caller takes
 * the full path, which then names the field in the usual 400.
 */
export function quickDto(dto: Dto, value: unknown): object | undefined {
  const plan = planFor(dto);
  if (!plan || !isPlainRecord(value)) return undefined;
  for (const key of Object.keys(value)) {
    if (!plan.names.has(key)) return undefined;
    const v = value[key];
    if (v !== null && typeof v === 'object') return undefined;
  }
  const entity = Object.assign(new dto(), value);
  for (const p of plan.properties) {
    const v = (entity as Record<string, unknown>)[p.name];
    // every condition runs, as in class-validator (one that throws must throw here too)
    if (!p.conditions.map((c) => c(entity, v)).every(Boolean)) continue;
    for (const { meta, validate } of p.rules) {
      if (meta.validateIf && !meta.validateIf(entity, v)) continue;
      const ok = validate(v, { targetName: dto.name, property: p.name, object: entity, value: v, constraints: meta.constraints });
      if (!ok || typeof (ok as { then?: unknown }).then === 'function') return undefined;
    }
  }
  return entity;
}

interface Plan {
  names: Set<string>;
  properties: Property[];
}

const plans = new WeakMap<Dto, Plan | null>();

function planFor(dto: Dto): Plan | null {
  let plan = plans.get(dto);
  if (plan === undefined) {
    plan = buildPlan(dto);
    plans.set(dto, plan);
  }
  return plan;
}

/** null: the DTO needs the full path (a rule or a transformation this does not reproduce). */
function buildPlan(dto: Dto): Plan | null {
  const storage = getMetadataStorage();
  // the arguments class-validator's executor passes for a pipe without groups
  const metas = storage.getTargetValidationMetadatas(dto, '', false, false, undefined);
  if (metas.length === 0 || transformed(dto)) return null;
  const byName = new Map<string, Property>();
  for (const meta of metas) {
    const p = byName.get(meta.propertyName) ?? { name: meta.propertyName, conditions: [], rules: [] };
    byName.set(meta.propertyName, p);
    if (meta.each || meta.always || (meta.groups?.length ?? 0) > 0) return null;
    if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      p.conditions.push(meta.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (meta.type === ValidationTypes.CUSTOM_VALIDATION && meta.constraintCls) {
      for (const c of storage.getTargetValidatorConstraints(meta.constraintCls)) {
        if (c.async) return null;
        const instance = c.instance as { validate(value: unknown, args: ValidationArguments): unknown };
        p.rules.push({ meta, validate: (value, args) => instance.validate(value, args) });
      }
    } else if (meta.type !== ValidationTypes.WHITELIST) {
      return null; // nested, promise or is-defined rules: the full path
    }
  }
  if ([...byName.keys()].some((name) => transformedProperty(dto, name))) return null;
  const names = new Set(byName.keys());
  // class-transformer skips a field the prototype has (a getter, a method), and the whitelist
  // refuses a field the constructor sets without a rule: both are the full path's to handle
  const blank = new dto() as Record<string, unknown>;
  if ([...names].some((name) => name in dto.prototype || typeof blank[name] === 'function') || Object.keys(blank).some((k) => !names.has(k))) return null;
  return { names, properties: [...byName.values()] };
}

function transformed(dto: Dto): boolean {
  return defaultMetadataStorage.getStrategy(dto) !== 'none' || defaultMetadataStorage.getExposedMetadatas(dto).length > 0 || defaultMetadataStorage.getExcludedMetadatas(dto).length > 0;
}

function transformedProperty(dto: Dto, name: string): boolean {
  return (
    defaultMetadataStorage.findTypeMetadata(dto, name) !== undefined ||
    [0, 1, 2].some((t) => defaultMetadataStorage.findTransformMetadatas(dto, name, t).length > 0)
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
