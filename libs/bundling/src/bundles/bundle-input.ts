import { collectedFieldErrors, FieldError, isFieldWithin, ValidationException } from '@buendel/errors';
import { BundlingException, unknownReferences } from '../bundling.exception';
import { CreateBundleDto, UpdateBundleDto } from './http/dto/bundle.dto';

/**
 * A new bundle's body and the fields its validation refused (kept by the pipe, CollectFieldErrors),
 * those taken out of its domain checks: a refused text is '' (checked nowhere), a refused list is
 * absent, a refused entry of a list keeps its place as ''. Their problems are left out (create).
 */
export function checkableBundle(body: CreateBundleDto): { dto: CreateBundleDto; invalid: FieldError[] } {
  const invalid = collectedFieldErrors(body);
  return { dto: invalid.length ? withoutRefused(body, invalid) : body, invalid };
}

function withoutRefused(dto: CreateBundleDto, invalid: FieldError[]): CreateBundleDto {
  const bad = new Set(invalid.map((e) => e.field));
  const text = (field: 'cpvPrefix' | 'joinDeadline' | 'deliveryFrom' | 'deliveryTo') => {
    const value: unknown = dto[field];
    return !bad.has(field) && typeof value === 'string' ? value : '';
  };
  const list = (field: 'districtKeys' | 'additionalCpvPrefixes' | 'mandatoryCriteria') => {
    const value: unknown = dto[field];
    if (bad.has(field) || !Array.isArray(value)) return undefined;
    return value.map((v: unknown, i) => (!bad.has(`${field}.${i}`) && typeof v === 'string' ? v : ''));
  };
  return {
    ...dto,
    cpvPrefix: text('cpvPrefix'),
    joinDeadline: text('joinDeadline'),
    deliveryFrom: text('deliveryFrom'),
    deliveryTo: text('deliveryTo'),
    districtKeys: list('districtKeys'),
    additionalCpvPrefixes: list('additionalCpvPrefixes'),
    mandatoryCriteria: list('mandatoryCriteria'),
  };
}

/**
 * The refusal of a new bundle whose validation refused fields (`invalid`): them, and the domain's
 * problems of the other fields (none of a refused field or inside one), in one 400.
 */
export function refusalBeside(invalid: FieldError[], problems: FieldError[]): BundlingException | ValidationException {
  const beside = problems.filter((e) => !invalid.some((i) => isFieldWithin(e.field, i.field)));
  return beside.length ? unknownReferences([...invalid, ...beside]) : new ValidationException(invalid);
}

/**
 * The refusal of a change whose validation refused fields (kept by the pipe, CollectFieldErrors):
 * them, and a join deadline of the valid fields that is not ahead of `nowMs`, in one 400; none
 * for a change without bad fields. It comes before the bundle is looked up, as the pipe's did.
 */
export function changeRefusal(
  dto: UpdateBundleDto,
  nowMs: number,
): BundlingException | ValidationException | undefined {
  const invalid = collectedFieldErrors(dto);
  if (invalid.length === 0) return undefined;
  const deadline = dto.joinDeadline;
  const past = typeof deadline === 'string' && !(new Date(deadline).getTime() > nowMs);
  return refusalBeside(invalid, past ? [notInFuture()] : []);
}

/** a join deadline that is not ahead of now */
export function notInFuture(): FieldError {
  return {
    field: 'joinDeadline',
    code: 'NOT_IN_FUTURE',
    reason: 'must be in the future',
    de: 'muss in der Zukunft liegen',
  };
}
