import 'reflect-metadata';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { compiledCheckOf, createValidationPipe, VALIDATION_PIPE_OPTIONS } from '@buendel/errors';
import { MarketDemandQueryDto } from './market.dto';

/**
 * GET /market/demand's query is checked by compiled code when valid (MarketDemandQueryDto is
 * @CompiledValidation()); these cases show that the API's pipe answers exactly as the plain
 * ValidationPipe (class-transformer and class-validator) does: the same instance for a valid
 * query, the same error (every field, reason, code, parameter) for any other.
 */
const query: ArgumentMetadata = { type: 'query', metatype: MarketDemandQueryDto, data: '' };
const reference = new ValidationPipe(VALIDATION_PIPE_OPTIONS);
const pipe = createValidationPipe();

const VALUES: Record<string, Array<string | string[] | undefined>> = {
  page: [undefined, '1', '2', '10000', '10001', '0', '-1', '1.5', 'ten', '', ' 3', '1e2', '0x10', ['1', '2']],
  pageSize: [undefined, '1', '20', '100', '101', '0', 'abc', '50.0', 'Infinity', ['20']],
  cpv: [undefined, '34', '3414', '34144900-7', '34144900-8', '00', 'x', '', '341449001', ['3414', '34']],
  nuts: [undefined, 'DE', 'DED', 'DED4', 'DED45', 'DED456', 'de', 'FR1', '', ['DED']],
  districtKey: [undefined, '14524', '1452', '123456', 'abcde', '', ['14524']],
};

/** every value of each field once, beside the others' first (valid) values, and pairs of bad ones */
function cases(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [{}];
  const fields = Object.keys(VALUES);
  for (const field of fields) {
    for (const value of VALUES[field]!) out.push({ [field]: value });
  }
  for (const a of fields) {
    for (const b of fields) {
      if (a >= b) continue;
      for (const va of VALUES[a]!) for (const vb of VALUES[b]!) out.push({ [a]: va, [b]: vb });
    }
  }
  out.push({ colour: 'red' }, { page: '2', colour: 'red' }, Object.fromEntries([['constructor', 'x']]), {
    cpv: '3414',
    pageSize: '100',
  });
  out.push({ page: '3', pageSize: '50', cpv: '3414', nuts: 'DED4', districtKey: '14524' });
  return out.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
}

/** what a pipe answers: the value, or the error's class and problem fields */
async function answer(p: ValidationPipe, input: Record<string, unknown>): Promise<unknown> {
  try {
    const value = (await p.transform(structuredClone(input), query)) as object;
    return { ok: value instanceof MarketDemandQueryDto, value: { ...value }, keys: Object.keys(value) };
  } catch (e) {
    const error = e as { constructor: { name: string }; getStatus?: () => number; errors?: unknown };
    return { error: error.constructor.name, status: error.getStatus?.(), errors: error.errors };
  }
}

describe('MarketDemandQueryDto, checked by compiled code', () => {
  it('has a compiled check', () => {
    expect(compiledCheckOf(MarketDemandQueryDto)).toBeDefined();
  });

  it('answers every case as class-validator does', async () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(300);
    let valid = 0;
    for (const input of all) {
      const expected = await answer(reference, input);
      expect({ input, answer: await answer(pipe, input) }).toEqual({ input, answer: expected });
      const compiled = compiledCheckOf(MarketDemandQueryDto)!(structuredClone(input));
      if ((expected as { ok?: boolean }).ok) {
        valid++;
        // a valid query of strings never goes the slow way (the pipe drops a `constructor` field first)
        const plain = Object.values(input).every((v) => typeof v === 'string') && !Object.hasOwn(input, 'constructor');
        if (plain) expect({ input, compiled }).toEqual({ input, compiled: expect.anything() });
      } else {
        expect({ input, compiled }).toEqual({ input, compiled: undefined });
      }
    }
    expect(valid).toBeGreaterThan(50);
  });

  it('gives numbers for page and pageSize, as class-transformer does', async () => {
    const value = await pipe.transform({ page: '2', pageSize: '50', cpv: '3414' }, query);
    expect(value).toBeInstanceOf(MarketDemandQueryDto);
    expect(value).toMatchObject({ page: 2, pageSize: 50, cpv: '3414' });
  });
});
