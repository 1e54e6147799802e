import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CPV_CHECK_DIGIT_EXCEPTIONS } from './cpv-check-digit-exceptions';
import {
  cpvCheckDigit,
  cpvCheckDigitByFormula,
  cpvContractNature,
  cpvLevel,
  cpvLevelOfPrefix,
  cpvPrefixToCode,
  cpvSignificantDigits,
  InvalidCpvCodeError,
  isValidCpvCode,
  isValidCpvPrefix,
  isWithinPrefix,
  normalizeCpvCode,
  normalizeCpvPrefix,
  parseCpvCode,
} from './cpv';

interface Row {
  code: string;
  level: string;
  parent: string;
}

/** data/cpv-2008.csv: the first column is the code; level and parent_code are the last two (never quoted). */
function readVocabulary(): Row[] {
  const text = readFileSync(join(__dirname, '../../../data/cpv-2008.csv'), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = line.split(',');
      return { code: fields[0], level: fields[fields.length - 2], parent: fields[fields.length - 1] };
    });
}

describe('CPV codes', () => {
  const rows = readVocabulary();

  it('reads the whole official vocabulary', () => {
    expect(rows).toHaveLength(9454);
  });

  it('validates every one of the 9,454 official codes', () => {
    const invalid = rows.filter((r) => !isValidCpvCode(r.code)).map((r) => r.code);
    expect(invalid).toEqual([]);
  });

  it('derives the same level as the vocabulary, and every code lies within its parent', () => {
    const wrong = rows.filter((r) => cpvLevel(r.code) !== r.level || (r.parent && !isWithinPrefix(r.code, r.parent)));
    expect(wrong).toEqual([]);
  });

  it('computes most official check digits by the 7-3-1 formula; the exception list is exact and minimal', () => {
    const byFormula = rows.filter((r) => cpvCheckDigitByFormula(r.code.slice(0, 8)) === Number(r.code[9]));
    expect(byFormula).toHaveLength(9454 - 532);
    expect(CPV_CHECK_DIGIT_EXCEPTIONS).toHaveLength(532);
    const official = new Set(rows.map((r) => r.code));
    for (const code of CPV_CHECK_DIGIT_EXCEPTIONS) {
      expect(official.has(code)).toBe(true);
      expect(cpvCheckDigitByFormula(code.slice(0, 8))).not.toBe(Number(code[9]));
    }
  });

  it('rejects every official code whose check digit is changed', () => {
    const accepted: string[] = [];
    for (const r of rows) {
      for (let d = 0; d <= 9; d++) {
        const mutated = `${r.code.slice(0, 9)}${d}`;
        if (d !== Number(r.code[9]) && isValidCpvCode(mutated)) accepted.push(mutated);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects an official code with one altered digit in nearly all cases', () => {
    let altered = 0;
    let rejected = 0;
    for (const r of rows) {
      for (let i = 0; i < 8; i++) {
        for (let k = 1; k <= 9; k++) {
          const digit = (Number(r.code[i]) + k) % 10;
          const mutated = `${r.code.slice(0, i)}${digit}${r.code.slice(i + 1)}`;
          altered++;
          if (!isValidCpvCode(mutated)) rejected++;
        }
      }
    }
    // the formula catches every single-digit change; only moves into or out of the exception list can slip
    expect(rejected / altered).toBeGreaterThan(0.99);
  });

  it('detects any single-digit change of a code outside the exception list (property)', () => {
    const exceptions = new Set(CPV_CHECK_DIGIT_EXCEPTIONS.map((c) => c.slice(0, 8)));
    const digits8 = fc.stringMatching(/^[1-9]\d{7}$/).filter((d) => !exceptions.has(d));
    fc.assert(
      fc.property(digits8, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 9 }), (digits, i, k) => {
        const code = normalizeCpvCode(digits);
        const mutatedDigits = `${digits.slice(0, i)}${(Number(digits[i]) + k) % 10}${digits.slice(i + 1)}`;
        fc.pre(!exceptions.has(mutatedDigits));
        expect(isValidCpvCode(`${mutatedDigits}-${code[9]}`)).toBe(false);
      }),
    );
  });

  it('parses and normalises inputs with or without check digit', () => {
    expect(normalizeCpvCode('31440000')).toBe('31440000-2');
    expect(normalizeCpvCode(' 31440000 - 2 ')).toBe('31440000-2');
    expect(normalizeCpvCode('03300000')).toBe('03300000-2'); // an exception: formula gives 4
    expect(parseCpvCode('34144900-7')).toEqual({
      code: '34144900-7',
      digits: '34144900',
      checkDigit: 7,
      significant: '341449',
      level: 'subcategory',
    });
    expect(cpvCheckDigit('09310000')).toBe(5);
  });

  it('rejects malformed codes and wrong check digits with a typed error', () => {
    expect(() => parseCpvCode('31440000-3')).toThrow(InvalidCpvCodeError);
    expect(() => parseCpvCode('31440000-3')).toThrow(/wrong check digit 3, expected 2/);
    expect(() => parseCpvCode('3144000')).toThrow(/eight digits/);
    expect(() => parseCpvCode('3144000a-2')).toThrow(InvalidCpvCodeError);
    expect(() => parseCpvCode('00100000')).toThrow(/division/);
    expect(isValidCpvCode('31440000')).toBe(false); // canonical form requires the check digit
    expect(isValidCpvCode('31440000-2 ')).toBe(false);
    try {
      parseCpvCode('x');
    } catch (e) {
      expect((e as InvalidCpvCodeError).code).toBe('INVALID_CPV_CODE');
    }
  });

  it('strips trailing zeros for the significant digits but keeps at least two', () => {
    expect(cpvSignificantDigits('31440000-2')).toBe('3144');
    expect(cpvSignificantDigits('31000000-6')).toBe('31');
    expect(cpvSignificantDigits('03000000-1')).toBe('03');
    expect(cpvSignificantDigits('30000000-9')).toBe('30');
    expect(cpvSignificantDigits('34144910-0')).toBe('3414491');
    expect(cpvLevel('31400000-0')).toBe('group');
    expect(cpvLevel('31441000')).toBe('category');
  });

  it('matches codes against prefixes of 2 to 8 digits', () => {
    expect(isWithinPrefix('31440000-2', '31')).toBe(true);
    expect(isWithinPrefix('31440000-2', '314')).toBe(true);
    expect(isWithinPrefix('31440000-2', '3144')).toBe(true);
    expect(isWithinPrefix('31440000', '31440000')).toBe(true);
    expect(isWithinPrefix('31440000-2', '3143')).toBe(false);
    expect(isWithinPrefix('30213100-6', '3144')).toBe(false);
    expect(isWithinPrefix('34144910-0', '34144900-7')).toBe(true); // a full code means its subtree
    expect(isWithinPrefix('34144910-0', '3414491')).toBe(true);
    expect(isWithinPrefix('34144900-7', '3414491')).toBe(false);
    expect(() => isWithinPrefix('31440000-2', '3')).toThrow(InvalidCpvCodeError);
    expect(() => isWithinPrefix('31440000-2', '314400001')).toThrow(InvalidCpvCodeError);
  });

  it('normalises prefixes and maps them to the heading code', () => {
    expect(normalizeCpvPrefix('31440000')).toBe('3144');
    expect(normalizeCpvPrefix('3100')).toBe('31');
    expect(normalizeCpvPrefix('31440000-2')).toBe('3144');
    expect(cpvPrefixToCode('3144')).toBe('31440000-2');
    expect(cpvPrefixToCode('09')).toBe('09000000-3');
    expect(isValidCpvPrefix('31')).toBe(true);
    expect(isValidCpvPrefix('3')).toBe(false);
    expect(isValidCpvPrefix('31a')).toBe(false);
    expect(isValidCpvPrefix('31440000-9')).toBe(false);
  });

  it('derives the contract nature from the division', () => {
    expect(cpvContractNature('31440000-2')).toBe('supplies');
    expect(cpvContractNature('48000000-8')).toBe('supplies');
    expect(cpvContractNature('45000000-7')).toBe('works');
    expect(cpvContractNature('90511000-2')).toBe('services');
    expect(cpvContractNature('50000000-5')).toBe('services');
  });

  it('names the level of a prefix by its significant digits, as of a code (one levelOf for CPV and market cells)', () => {
    expect(['31', '314', '3144', '31441', '314412', '31441200'].map(cpvLevelOfPrefix)).toEqual([
      'division',
      'group',
      'class',
      'category',
      'subcategory',
      'subcategory',
    ]);
    expect(cpvLevelOfPrefix('3144')).toBe(cpvLevel('31440000-2'));
  });
});
