import { ArgumentMetadata, Injectable, Param, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ValidationException } from '@buendel/errors';

/** Like ParseUUIDPipe, but a bad id is a 400 problem with the parameter as the field. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !isUUID(value)) {
      throw new ValidationException([{ field: metadata.data ?? 'id', reason: 'must be a UUID', code: 'IS_UUID' }]);
    }
    return value.toLowerCase();
  }
}

/** `@UuidParam() id: string` or `@UuidParam('bundleId')` */
export const UuidParam = (name = 'id') => Param(name, ParseUuidPipe);
