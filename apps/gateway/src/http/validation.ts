import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { buildMessage, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { ApiError, ErrorCode } from './api-error';

export interface FieldProblem {
  readonly field: string;
  readonly problems: readonly string[];
}

/** The details of a VALIDATION_ERROR: each offending field with what is wrong with it. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property || '(body)';
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

export const validationError = (fields: readonly FieldProblem[]): ApiError =>
  new ApiError(400, ErrorCode.VALIDATION_ERROR, `invalid ${fields.map((f) => f.field).join(', ')}`, { fields });

/** A request without a body has an empty one, so handlers never see `undefined` for a body DTO. */
class EmptyBodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
  }
}

/** DTO validation for bodies and queries: unknown fields rejected, no implicit type conversion. */
export const createValidationPipe = (): ValidationPipe =>
  new EmptyBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(fieldProblems(errors)),
  });

/** Optional means absent: unlike @IsOptional, an explicit null is still validated (and refused). */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** A field the client may not send at all, whatever its value: refused with `message`. */
export const Refused =
  (message: string): PropertyDecorator =>
  (target, propertyKey) => {
    Optional()(target, propertyKey);
    ValidateBy({ name: 'refused', validator: { validate: () => false, defaultMessage: () => message } })(
      target,
      propertyKey,
    );
  };

/** A base-10 integer written as a string (query parameters), within [min, max]. */
export const IsIntegerString = (min: number, max: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIntegerString',
      validator: {
        validate: (value) =>
          typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) >= min && Number(value) <= max,
        defaultMessage: buildMessage(
          (prefix) => `${prefix}$property must be an integer from ${min} to ${max}`,
          options,
        ),
      },
    },
    options,
  );

/** An object whose keys match `keyPattern` and whose values are strings, with at most `maxEntries` entries. */
export const IsStringRecord = (
  keyPattern: RegExp,
  maxEntries: number,
  options?: ValidationOptions,
): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= maxEntries &&
          Object.entries(value).every(([key, entry]) => keyPattern.test(key) && typeof entry === 'string'),
        defaultMessage: buildMessage(
          (prefix) => `${prefix}$property must map up to ${maxEntries} names to strings`,
          options,
        ),
      },
    },
    options,
  );
