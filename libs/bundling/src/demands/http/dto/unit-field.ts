import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { unitCodeOrText, unitProblem } from '@buendel/domain';
import { UNIT_CODE_PATTERN } from '@buendel/http';

/**
 * A unit as people write it: a Rec. 20 code, or a German name or abbreviation ("Stück",
 * "Stk.", "kWh"), read as its code by the domain's rule (readUnit). An abbreviation that
 * means two units is refused with both named. Whether the code exists the reference check says.
 */
export function UnitField() {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? unitCodeOrText(value) : value)),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isUnit',
        target: target.constructor,
        propertyName: String(propertyName),
        validator: {
          validate: (value: unknown) => typeof value === 'string' && UNIT_CODE_PATTERN.test(value),
          defaultMessage: (args) => unitProblem(args?.value) ?? 'must be a UN/ECE unit code such as H87 or KGM',
        },
      }),
  );
}
