import { type PipeTransform } from '@nestjs/common';
import type { ZodType, ZodTypeDef } from 'zod';
import { AppException } from './app-exception';

/**
 * Validates a body/query with a zod schema; failures become `validation_failed` naming every bad field
 * by its path (e.g. `credentials.clientSecret`). Use: `@Body(new ZodValidationPipe(SCHEMA))`.
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T, ZodTypeDef, unknown>) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw AppException.validation(
      result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
    );
  }
}
