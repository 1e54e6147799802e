import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceDataDir } from '@buendel/config';
import {
  CPV_COLUMNS,
  DISTRICT_COLUMNS,
  MUNICIPALITY_COLUMNS,
  parseCsv,
  ReferenceDataError,
  sha256,
  toCpvRows,
  toOrganisationRows,
  toUnitRows,
  UNIT_COLUMNS,
} from './reference-rows';

const MUNICIPALITY_HEADER = 'ags,name,type_code,type,kreis_key,land_key,nuts3,population';
const DISTRICT_HEADER = 'kreis_key,name,type_code,type,land_key,nuts3,population';

function municipalities(...lines: string[]) {
  return parseCsv('m.csv', [MUNICIPALITY_HEADER, ...lines].join('\n'), MUNICIPALITY_COLUMNS);
}
function districts(...lines: string[]) {
  return parseCsv('d.csv', [DISTRICT_HEADER, ...lines].join('\n'), DISTRICT_COLUMNS);
}

describe('parseCsv', () => {
  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes, a BOM', () => {
    const csv = '\uFEFFcode,label\n1,"Flensburg, Stadt"\n2,"say ""hi"""\n3,"two\nlines"\n';
    const { records } = parseCsv('x.csv', csv, ['code', 'label']);
    expect(records).toEqual([
      { code: '1', label: 'Flensburg, Stadt' },
      { code: '2', label: 'say "hi"' },
      { code: '3', label: 'two\nlines' },
    ]);
  });

  it('refuses ragged rows, missing columns and empty files, naming the file', () => {
    expect(() => parseCsv('x.csv', 'a,b\n1,2,3\n', ['a'])).toThrow(/x\.csv/);
    expect(() => parseCsv('x.csv', 'a,b\n1,2\n', ['a', 'c'])).toThrow(/x\.csv: missing column\(s\) c/);
    expect(() => parseCsv('x.csv', 'a,b\n', ['a'])).toThrow(ReferenceDataError);
  });
});

describe('sha256', () => {
  it('hashes the contents in order', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('a', 'bc')).toBe(sha256('abc'));
    expect(sha256('x', '\0', 'y')).not.toBe(sha256('y', '\0', 'x'));
  });
});

describe('toCpvRows', () => {
  const header = CPV_COLUMNS.join(',');
  const cpv = (...lines: string[]) => toCpvRows(parseCsv('cpv.csv', [header, ...lines].join('\n'), CPV_COLUMNS));

  it('maps codes with their digits, labels, level and parent', () => {
    const rows = cpv(
      '31000000-6,"Elektrische Maschinen, Geräte",Electrical machinery,division,',
      '31400000-0,Akkumulatoren und Batterien,"Accumulators, primary cells",group,31000000-6',
      '31440000-2,Batterien,Batteries,class,31400000-0',
    );
    expect(rows[2]).toEqual({
      code: '31440000-2',
      digits: '31440000',
      labelDe: 'Batterien',
      labelEn: 'Batteries',
      level: 'class',
      parentCode: '31400000-0',
    });
    expect(rows[0]).toMatchObject({ labelDe: 'Elektrische Maschinen, Geräte', parentCode: null });
  });

  it('refuses malformed codes, unknown levels, duplicates and missing parents, with the line', () => {
    expect(() => cpv('3144000-2,B,B,class,')).toThrow(/cpv\.csv line 2: code is not a CPV code/);
    expect(() => cpv('31000000-6,A,A,chapter,')).toThrow(/unknown level "chapter"/);
    expect(() => cpv('31000000-6,A,A,division,', '31000000-6,A,A,division,')).toThrow(/line 3: duplicate code/);
    expect(() => cpv('31440000-2,B,B,class,31400000-0')).toThrow(/parent 31400000-0 of 31440000-2 is not in the file/);
    expect(() => cpv('31440000-2,B,B,class,')).toThrow(/a division has no parent/);
    expect(() => cpv('31000000-6,,A,division,')).toThrow(/lacks a label/);
  });
});

describe('toUnitRows', () => {
  const header = UNIT_COLUMNS.join(',');
  const units = (...lines: string[]) => toUnitRows(parseCsv('u.csv', [header, ...lines].join('\n'), UNIT_COLUMNS));

  it('maps every row with its status and is_common; empty fields are null', () => {
    expect(units('KGM,kilogram,Kilogramm,kg,1,active,true', '05,lift,,,3.9,deleted,false')).toEqual([
      {
        code: 'KGM',
        nameEn: 'kilogram',
        nameDe: 'Kilogramm',
        symbol: 'kg',
        levelCategory: '1',
        status: 'active',
        isCommon: true,
      },
      {
        code: '05',
        nameEn: 'lift',
        nameDe: null,
        symbol: null,
        levelCategory: '3.9',
        status: 'deleted',
        isCommon: false,
      },
    ]);
  });

  it('refuses unknown statuses, bad flags and duplicates', () => {
    expect(() => units('KGM,kilogram,,kg,1,gone,true')).toThrow(/unknown status "gone"/);
    expect(() => units('KGM,kilogram,,kg,1,active,yes')).toThrow(/is_common is neither/);
    expect(() => units('KGM,a,,,,active,true', 'KGM,b,,,,active,true')).toThrow(/duplicate code KGM/);
  });
});

describe('toOrganisationRows', () => {
  it('makes a kreisfreie Stadt one city (AGS and district key), municipalities and Landkreise', () => {
    const rows = toOrganisationRows(
      municipalities(
        '14511000,"Chemnitz, Stadt",61,Kreisfreie Stadt,14511,14,,243105',
        '14524020,Callenberg,64,Kreisangehörige Gemeinde,14524,14,DED45,4898',
        '14524330,"Zwickau, Stadt",67,Große Kreisstadt,14524,14,DED45,87516',
      ),
      districts(
        '14511,"Chemnitz, Stadt",41,Kreisfreie Stadt,14,DED41,243105',
        '14524,Zwickau,44,Landkreis,14,DED45,309621',
      ),
    );
    expect(rows).toEqual([
      {
        referenceKey: 'ags:14511000',
        type: 'city',
        name: 'Stadt Chemnitz',
        ags: '14511000',
        districtKey: '14511',
        nuts3: 'DED41', // from the district row: the municipality row lacks it
        population: 243105,
        landKey: '14',
        officialType: 'Kreisfreie Stadt',
      },
      {
        referenceKey: 'ags:14524020',
        type: 'municipality',
        name: 'Gemeinde Callenberg',
        ags: '14524020',
        districtKey: '14524',
        nuts3: 'DED45',
        population: 4898,
        landKey: '14',
        officialType: 'Kreisangehörige Gemeinde',
      },
      expect.objectContaining({
        referenceKey: 'ags:14524330',
        type: 'municipality',
        name: 'Stadt Zwickau',
        officialType: 'Große Kreisstadt',
      }),
      {
        referenceKey: 'kreis:14524',
        type: 'district',
        name: 'Landkreis Zwickau',
        ags: null,
        districtKey: '14524',
        nuts3: 'DED45',
        population: 309621,
        landKey: '14',
        officialType: 'Landkreis',
      },
    ]);
  });

  it('keeps the municipality row NUTS-3 of a city when it has one; Stadtkreis (62/42) is a city too', () => {
    const rows = toOrganisationRows(
      municipalities('08111000,"Stuttgart, Landeshauptstadt",62,Stadtkreis,08111,08,DE111,626275'),
      districts('08111,"Stuttgart, Landeshauptstadtkreis",42,Stadtkreis,08,DE999,626275'),
    );
    expect(rows).toEqual([expect.objectContaining({ type: 'city', nuts3: 'DE111', officialType: 'Stadtkreis' })]);
  });

  it('refuses inconsistent files', () => {
    const d = districts('14524,Zwickau,44,Landkreis,14,DED45,1');
    expect(() => toOrganisationRows(municipalities('14524020,X,64,G,14523,14,,1'), d)).toThrow(
      /m\.csv line 2: kreis_key 14523 is not the start of ags 14524020/,
    );
    expect(() => toOrganisationRows(municipalities('14525020,X,64,G,14525,14,,1'), d)).toThrow(/not in d\.csv/);
    expect(() => toOrganisationRows(municipalities('14524020,X,61,G,14524,14,,1'), d)).toThrow(/is not kreisfrei/);
    expect(() => toOrganisationRows(municipalities('14524020,X,64,G,14524,14,,many'), d)).toThrow(
      /population is not a whole number/,
    );
    expect(() =>
      toOrganisationRows(
        municipalities('14524020,X,64,G,14524,14,,1'),
        districts('14511,C,41,Kreisfreie Stadt,14,,1', '14524,Z,44,L,14,,1'),
      ),
    ).toThrow(/kreisfreie Stadt 14511 has no municipality row/);
    expect(() =>
      toOrganisationRows(municipalities('14524020,X,64,G,14524,14,,1', '14524020,Y,64,G,14524,14,,1'), d),
    ).toThrow(/duplicate ags 14524020/);
  });
});

describe('the shipped files (data/)', () => {
  const read = (file: string) => readFileSync(path.join(referenceDataDir(), file));

  it('give 9,454 CPV codes, 45 of them divisions', () => {
    const rows = toCpvRows(parseCsv('cpv-2008.csv', read('cpv-2008.csv'), CPV_COLUMNS));
    expect(rows).toHaveLength(9454);
    expect(rows.filter((r) => r.level === 'division')).toHaveLength(45);
  });

  it('give 2,136 units, 1,756 active and 27 common', () => {
    const rows = toUnitRows(parseCsv('unit-codes.csv', read('unit-codes.csv'), UNIT_COLUMNS));
    expect(rows).toHaveLength(2136);
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(1756);
    expect(rows.filter((r) => r.isCommon)).toHaveLength(27);
  });

  it('give 10,787 organisations with an AGS (106 of them cities) and 294 districts', () => {
    const rows = toOrganisationRows(
      parseCsv('de-municipalities.csv', read('de-municipalities.csv'), MUNICIPALITY_COLUMNS),
      parseCsv('de-districts.csv', read('de-districts.csv'), DISTRICT_COLUMNS),
    );
    expect(rows.filter((r) => r.ags !== null)).toHaveLength(10787);
    expect(rows.filter((r) => r.type === 'city')).toHaveLength(106);
    expect(rows.filter((r) => r.type === 'district')).toHaveLength(294);
    expect(new Set(rows.map((r) => r.referenceKey)).size).toBe(rows.length);
    expect(rows.filter((r) => r.districtKey === '14524' && r.type === 'municipality')).toHaveLength(33);
    expect(rows.every((r) => r.nuts3 !== null)).toBe(true);
    // named as they name themselves: a kind first, never the statistical office's sort form
    for (const r of rows) expect(r.name).not.toMatch(/,|^\s|\s$|\s\s/);
    const byKey = new Map(rows.map((r) => [r.referenceKey, r.name]));
    expect([byKey.get('kreis:14524'), byKey.get('ags:14524330'), byKey.get('ags:14524020')]).toEqual([
      'Landkreis Zwickau',
      'Stadt Zwickau',
      'Gemeinde Callenberg',
    ]);
  });
});
