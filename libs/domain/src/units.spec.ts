import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GERMAN_UNIT_NAMES, PACKAGE_UNITS, readUnit, REPLACED_UNIT_CODES, unitCodeOrText, unitProblem } from './units';

/** code -> { status, isCommon } of the shipped Rec. 20 list (a plain CSV: only the first columns are read) */
function rec20(): Map<string, { status: string; isCommon: boolean; nameEn: string }> {
  const text = readFileSync(path.join(__dirname, '../../../data/unit-codes.csv'), 'utf8');
  const units = new Map<string, { status: string; isCommon: boolean; nameEn: string }>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    // code,name_en,name_de,symbol,level_category,level_description,status,is_common,...; names may be quoted
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    units.set(cells[0]!, { nameEn: cells[1]!, status: cells[6]!, isCommon: cells[7] === 'true' });
  }
  return units;
}

describe('units as German offices write them', () => {
  it.each([
    ['Stück', 'H87'],
    ['Stk.', 'H87'],
    ['Stk', 'H87'],
    ['STK', 'H87'],
    ['St.', 'H87'],
    ['Paket', 'XPK'],
    ['Pck.', 'XPK'],
    ['Packung', 'XPA'],
    ['Liter', 'LTR'],
    ['l', 'LTR'],
    ['Kilowattstunde', 'KWH'],
    ['kWh', 'KWH'],
    ['Meter', 'MTR'],
    ['m', 'MTR'],
    ['Quadratmeter', 'MTK'],
    ['m²', 'MTK'],
    ['m2', 'MTK'],
    ['qm', 'MTK'],
    ['Tonne', 'TNE'],
    ['t', 'TNE'],
    ['Satz', 'SET'],
    ['Rolle', 'XRO'],
    ['Karton', 'XCT'],
    ['Palette', 'XPX'],
    ['  stück ', 'H87'],
    ['Std.', 'HUR'],
    ['pauschal', 'LS'],
  ])('%s -> %s', (text, code) => {
    expect(readUnit(text)).toEqual({ code });
    expect(unitProblem(text)).toBeUndefined();
  });

  it('reads codes in any case, and deleted Rec. 20 packing codes as their Rec. 21 successor', () => {
    expect(readUnit('h87')).toEqual({ code: 'H87' });
    expect(readUnit('KGM')).toEqual({ code: 'KGM' });
    expect(readUnit('CT')).toEqual({ code: 'XCT' });
    expect(readUnit('PF')).toEqual({ code: 'XPX' });
    // a code we do not offer is left to the reference data, which says whether it exists
    expect(readUnit('ZZZ')).toEqual({ code: 'ZZZ' });
  });

  it('refuses an abbreviation that means two units, naming both', () => {
    expect(readUnit('Pkg.')).toEqual({
      ambiguous: [
        { code: 'XPK', nameDe: 'Paket' },
        { code: 'XPA', nameDe: 'Packung' },
      ],
    });
    expect(unitProblem('Pkg.')).toBe(
      '"Pkg." can mean Paket (XPK) or Packung (XPA); write the unit out: Paket or Packung',
    );
    expect(unitProblem('Ktn')).toContain('Karton (XCT) or Kilotonne (KTN)');
    expect(unitCodeOrText('Pkg.')).toBe('Pkg.');
    // written out, each is read
    expect(readUnit('Kilotonne')).toEqual({ code: 'KTN' });
  });

  it('names what to write for text that is no unit', () => {
    expect(readUnit('Dose 0,33')).toEqual({});
    expect(unitProblem('Dose 0,33')).toMatch(/no unit we know.*H87.*Stück/);
    expect(unitProblem(3)).toMatch(/must be a unit/);
  });

  describe('checked against Rec. 20 Rev. 17 (data/unit-codes.csv)', () => {
    const units = rec20();

    it('every Rec. 20 code we name is active; the packing codes we replace were deleted', () => {
      for (const code of Object.keys(GERMAN_UNIT_NAMES).filter((c) => !c.startsWith('X'))) {
        expect([code, units.get(code)?.status]).toEqual([code, 'active']);
      }
      for (const old of Object.keys(REPLACED_UNIT_CODES))
        expect([old, units.get(old)?.status]).toEqual([old, 'deleted']);
      // STK is not Stück, and PF was a pallet that Rec. 21 spells PX
      expect(units.get('STK')?.nameEn).toBe('stick, cigarette');
      expect(units.get('PF')?.nameEn).toBe('pallet (lift)');
    });

    it('every unit the product offers has a German name; the packages are Rec. 21 codes with the X prefix', () => {
      const offered = [...units].filter(([, u]) => u.isCommon && u.status === 'active').map(([code]) => code);
      expect(offered.length).toBeGreaterThan(20);
      for (const code of [...offered, ...PACKAGE_UNITS.map((p) => p.code)]) {
        expect([code, typeof GERMAN_UNIT_NAMES[code]]).toEqual([code, 'string']);
      }
      for (const p of PACKAGE_UNITS) expect(units.has(p.code)).toBe(false);
    });

    it('every German name reads back as its code', () => {
      for (const [code, name] of Object.entries(GERMAN_UNIT_NAMES))
        expect([name, readUnit(name).code]).toEqual([name, code]);
    });
  });
});
