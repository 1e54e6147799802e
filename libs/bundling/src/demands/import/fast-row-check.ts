import {
  DemandCsvValues,
  isIsoDate,
  SPECIFICATION_KEY_MAX_LENGTH,
  SPECIFICATION_KEY_PATTERN,
  SPECIFICATION_TEXT_MAX_LENGTH,
} from '@buendel/domain';
import { AGS_PATTERN, CPV_CODE_SHAPE, CRITERION_CODE_PATTERN, UNIT_CODE_PATTERN } from '@buendel/http';
import { CreateDemandDto, MAX_QUANTITY, MAX_UNIT_PRICE_EUR } from '../http/dto/demand.dto';

/** decimal places of a number as class-validator counts them; Infinity for exponent forms */
function decimals(value: number): number {
  const text = String(value);
  if (text.includes('e')) return Infinity;
  return text.split('.')[1]?.length ?? 0;
}

function amount(value: unknown, min: number, max: number, places: number): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && decimals(value) <= places
  );
}

/**
 * The fast path of the CSV import: a row that certainly passes every rule of CreateDemandDto
 * becomes its DTO here, without class-transformer and class-validator (the import's largest
 * cost, measured by the benchmark). Anything doubtful returns undefined and goes the full way,
 * where class-validator names each problem: it stays the authority, and a property test
 * checks that every row this accepts, class-validator accepts too.
 */
export function fastDemandDto(values: Omit<DemandCsvValues, 'rowKey'>): CreateDemandDto | undefined {
  const {
    cpvCode,
    title,
    description,
    specificationKey,
    specificationText,
    quantity,
    unit,
    unitPriceEur,
    deliveryFrom,
    deliveryTo,
    deliveryAgs,
    criteria,
    status,
  } = values;
  if (typeof cpvCode !== 'string' || !CPV_CODE_SHAPE.test(cpvCode)) return undefined;
  if (typeof title !== 'string' || title !== title.trim() || title.length < 1 || title.length > 200) return undefined;
  if (
    description !== undefined &&
    (typeof description !== 'string' || description !== description.trim() || description.length > 2000)
  ) {
    return undefined;
  }
  if (specificationKey !== undefined || specificationText !== undefined) {
    if (
      typeof specificationKey !== 'string' ||
      specificationKey.length > SPECIFICATION_KEY_MAX_LENGTH ||
      !SPECIFICATION_KEY_PATTERN.test(specificationKey) ||
      typeof specificationText !== 'string' ||
      specificationText !== specificationText.trim() ||
      specificationText.length < 1 ||
      specificationText.length > SPECIFICATION_TEXT_MAX_LENGTH
    ) {
      return undefined;
    }
  }
  if (!amount(quantity, 0.001, MAX_QUANTITY, 3) || !amount(unitPriceEur, 0, MAX_UNIT_PRICE_EUR, 4)) return undefined;
  if (typeof unit !== 'string' || !UNIT_CODE_PATTERN.test(unit)) return undefined;
  if (!isIsoDate(deliveryFrom) || !isIsoDate(deliveryTo)) return undefined;
  if (deliveryAgs !== undefined && !AGS_PATTERN.test(deliveryAgs)) return undefined;
  if (
    criteria !== undefined &&
    (!Array.isArray(criteria) ||
      criteria.length > 20 ||
      new Set(criteria).size !== criteria.length ||
      !criteria.every((c) => typeof c === 'string' && CRITERION_CODE_PATTERN.test(c)))
  ) {
    return undefined;
  }
  if (status !== undefined && status !== 'draft' && status !== 'open') return undefined;
  const dto = new CreateDemandDto();
  Object.assign(dto, { cpvCode, title, quantity, unit, unitPriceEur, deliveryFrom, deliveryTo });
  if (description !== undefined) dto.description = description;
  if (specificationKey !== undefined) dto.specificationKey = specificationKey;
  if (specificationText !== undefined) dto.specificationText = specificationText;
  if (deliveryAgs !== undefined) dto.deliveryAgs = deliveryAgs;
  if (criteria !== undefined) dto.criteria = criteria;
  if (status !== undefined) dto.status = status;
  return dto;
}
