import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ValidationException } from './domain.exception';
import { CollectFieldErrors, collectedFieldErrors, createValidationPipe } from './validation';

class Address {
  @IsString() city!: string;
}
class Body {
  @IsInt() @Min(1) quantity!: number;
  @ValidateNested() @Type(() => Address) address!: Address;
}

const meta: ArgumentMetadata = { type: 'body', metatype: Body };

@CollectFieldErrors()
class Collected {
  @IsInt() @Min(1) quantity!: number;
  @IsString() title!: string;
}
const collecting: ArgumentMetadata = { type: 'body', metatype: Collected };

describe('createValidationPipe', () => {
  it('lists every bad field with its reason, nested fields by dotted path, unknown fields too', async () => {
    const pipe = createValidationPipe();
    const error = await pipe.transform({ quantity: 0, address: { city: 5 }, extra: true }, meta).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationException);
    const fields = (error as ValidationException).errors!.map((e) => e.field).sort();
    expect(fields).toEqual(['address.city', 'extra', 'quantity']);
    const byField = Object.fromEntries((error as ValidationException).errors!.map((e) => [e.field, e.reason]));
    expect(byField['quantity']).toMatch(/must not be less than 1/);
    expect(byField['extra']).toMatch(/should not exist/);
  });

  it('names an unknown field whatever characters its name has (it is no pattern)', async () => {
    const odd = '+275760-09-13T00:00:00.000Z(';
    const error = await createValidationPipe()
      .transform({ quantity: 1, address: { city: 'Zwickau' }, [odd]: 1 }, meta)
      .catch((e) => e);
    expect((error as ValidationException).errors).toEqual([
      { field: odd, reason: expect.stringMatching(/should not exist/), code: 'UNKNOWN_FIELD' },
    ]);
  });

  it('passes a valid body through as an instance', async () => {
    const out = await createValidationPipe().transform({ quantity: 2, address: { city: 'Zwickau' } }, meta);
    expect(out).toBeInstanceOf(Body);
  });

  it('gives every field error a stable code and the parameters its reason names', async () => {
    const error = await createValidationPipe()
      .transform({ quantity: 0, address: { city: 5 }, extra: true }, meta)
      .catch((e) => e);
    const byField = Object.fromEntries((error as ValidationException).errors!.map((e) => [e.field, e]));
    expect(byField['quantity']).toMatchObject({ code: 'MIN', params: { min: 1 } });
    expect(byField['address.city']).toMatchObject({ code: 'IS_STRING' });
    expect(byField['extra']).toMatchObject({ code: 'UNKNOWN_FIELD' });
  });

  it('names a missing or null field as missing (REQUIRED), not by the format no value meets', async () => {
    const error = await createValidationPipe()
      .transform({ address: { city: null }, extra: true }, meta)
      .catch((e) => e);
    expect((error as ValidationException).errors).toEqual([
      { field: 'extra', reason: expect.stringMatching(/should not exist/), code: 'UNKNOWN_FIELD' },
      { field: 'quantity', reason: 'is required', code: 'REQUIRED' },
      { field: 'address.city', reason: 'is required', code: 'REQUIRED' },
    ]);
  });

  it('hands a body marked @CollectFieldErrors() on with its field errors beside it, for the domain checks', async () => {
    const pipe = createValidationPipe();
    const bad = (await pipe.transform({ quantity: 0, title: 'Papier' }, collecting)) as Collected;
    expect(bad).toBeInstanceOf(Collected);
    expect(bad.title).toBe('Papier');
    expect(collectedFieldErrors(bad)).toEqual([
      { field: 'quantity', reason: expect.any(String), code: 'MIN', params: { min: 1 } },
    ]);
    const good = (await pipe.transform({ quantity: 2, title: 'Papier' }, collecting)) as Collected;
    expect(collectedFieldErrors(good)).toEqual([]);
    // what is no object at all is refused by the pipe itself
    await expect(pipe.transform([1], collecting)).rejects.toBeInstanceOf(ValidationException);
    // a DTO without the mark is refused as ever
    await expect(pipe.transform({ quantity: 0, address: { city: 'Zwickau' } }, meta)).rejects.toBeInstanceOf(
      ValidationException,
    );
  });
});
