import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { quickDto } from './quick-validation.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * ValidationPipe with a quick path: a JSON body that passes its DTO's plain rules is built and
 * checked without the pipe's machinery (quick-validation.ts); anything else, failures included,
 * takes the full path, so the errors are the pipe's own. (A query string's object, whose prototype
 * is not Object's, always takes the full path.)
 */
class QuickValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype as (new () => object) | undefined;
    if (dto && metadata.type !== 'custom') {
      const quick = quickDto(dto, value);
      if (quick) return quick;
    }
    return super.transform(value, metadata);
  }
}

/** Strict global validation: unknown fields are refused, every failure names its field. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; '),
      details: { fields },
    });
  },
};

export function createValidationPipe(): ValidationPipe {
  return new QuickValidationPipe(VALIDATION_OPTIONS);
}
