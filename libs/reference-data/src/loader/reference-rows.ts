import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { districtDisplayName, GERMAN_UNIT_NAMES, municipalityDisplayName, PACKAGE_UNITS } from '@buendel/domain';

/**
 * Pure parsing and mapping of the shipped reference data files (data/*.csv) into the
 * rows the loader writes. No I/O here: the loader reads the files, these functions
 * check and shape their content, and throw a ReferenceDataError naming file and line
 * for anything unexpected (a broken shipped file must stop the start, not load half).
 */

export class ReferenceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceDataError';
  }
}

export type CsvRecord = Record<string, string>;

/** A parsed CSV file: records keyed by the header, and the file name for messages. */
export interface CsvFile {
  file: string;
  records: CsvRecord[];
}

/** RFC 4180 CSV with one header row; every row must have as many fields as the header. */
export function parseCsv(file: string, content: string | Buffer, requiredColumns: readonly string[]): CsvFile {
  let records: CsvRecord[];
  try {
    records = parse(content, { columns: true, bom: true, skip_empty_lines: true }) as CsvRecord[];
  } catch (e) {
    throw new ReferenceDataError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const header = records.length ? Object.keys(records[0]) : [];
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (records.length === 0) throw new ReferenceDataError(`${file}: no rows`);
  if (missing.length) throw new ReferenceDataError(`${file}: missing column(s) ${missing.join(', ')}`);
  return { file, records };
}

/** sha256 over one or more file contents (in order), hex */
export function sha256(...contents: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const c of contents) hash.update(c);
  return hash.digest('hex');
}

/** line number of a record in its file (header is line 1; the data have no embedded line breaks in practice) */
function lineOf(index: number): number {
  return index + 2;
}

function fail(file: string, index: number, message: string): never {
  throw new ReferenceDataError(`${file} line ${lineOf(index)}: ${message}`);
}

function text(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}

function integer(file: string, index: number, column: string, value: string | undefined): number | null {
  const v = text(value);
  if (v === null) return null;
  if (!/^\d+$/.test(v)) fail(file, index, `${column} is not a whole number: "${v}"`);
  const n = Number(v);
  if (n > 2_147_483_647) fail(file, index, `${column} is too large: ${v}`);
  return n;
}

// ---------------------------------------------------------------------------------------
// CPV

export const CPV_LEVELS = ['division', 'group', 'class', 'category', 'subcategory'] as const;
export type CpvLevel = (typeof CPV_LEVELS)[number];

export const CPV_COLUMNS = ['code', 'label_de', 'label_en', 'level', 'parent_code'] as const;

export interface CpvRow {
  code: string;
  digits: string;
  labelDe: string;
  labelEn: string;
  level: CpvLevel;
  parentCode: string | null;
}

const CPV_CODE = /^(\d{8})-\d$/;

export function toCpvRows({ file, records }: CsvFile): CpvRow[] {
  const seen = new Set<string>();
  const rows = records.map((r, i): CpvRow => {
    const code = (r['code'] ?? '').trim();
    const m = CPV_CODE.exec(code);
    if (!m) fail(file, i, `code is not a CPV code (8 digits, dash, check digit): "${code}"`);
    if (seen.has(m[1])) fail(file, i, `duplicate code ${code}`);
    seen.add(m[1]);
    const level = (r['level'] ?? '').trim() as CpvLevel;
    if (!CPV_LEVELS.includes(level)) fail(file, i, `unknown level "${level}"`);
    const labelDe = text(r['label_de']);
    const labelEn = text(r['label_en']);
    if (!labelDe || !labelEn) fail(file, i, `code ${code} lacks a label`);
    const parentCode = text(r['parent_code']);
    if (parentCode !== null && !CPV_CODE.test(parentCode))
      fail(file, i, `parent_code is not a CPV code: "${parentCode}"`);
    if ((parentCode === null) !== (level === 'division')) {
      fail(file, i, `code ${code}: a division has no parent, every other level has one`);
    }
    return { code, digits: m[1], labelDe, labelEn, level, parentCode };
  });
  const codes = new Set(rows.map((r) => r.code));
  rows.forEach((r, i) => {
    if (r.parentCode !== null && !codes.has(r.parentCode))
      fail(file, i, `parent ${r.parentCode} of ${r.code} is not in the file`);
  });
  return rows;
}

// ---------------------------------------------------------------------------------------
// UN/ECE Rec. 20 units

export const UNIT_STATUSES = ['active', 'deprecated', 'deleted'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_COLUMNS = ['code', 'name_en', 'name_de', 'symbol', 'level_category', 'status', 'is_common'] as const;

export interface UnitRow {
  code: string;
  nameEn: string;
  nameDe: string | null;
  symbol: string | null;
  levelCategory: string | null;
  status: UnitStatus;
  isCommon: boolean;
}

export function toUnitRows({ file, records }: CsvFile): UnitRow[] {
  const seen = new Set<string>();
  return records.map((r, i): UnitRow => {
    const code = (r['code'] ?? '').trim();
    if (!/^[A-Z0-9]{2,3}$/.test(code)) fail(file, i, `code is not a Rec. 20 code: "${code}"`);
    if (seen.has(code)) fail(file, i, `duplicate code ${code}`);
    seen.add(code);
    const nameEn = text(r['name_en']);
    if (!nameEn) fail(file, i, `unit ${code} has no name`);
    const status = (r['status'] ?? '').trim() as UnitStatus;
    if (!UNIT_STATUSES.includes(status)) fail(file, i, `unknown status "${status}"`);
    const common = (r['is_common'] ?? '').trim();
    if (common !== 'true' && common !== 'false') fail(file, i, `is_common is neither true nor false: "${common}"`);
    return {
      code,
      nameEn,
      nameDe: text(r['name_de']),
      symbol: text(r['symbol']),
      levelCategory: text(r['level_category']),
      status,
      isCommon: common === 'true',
    };
  });
}

/** the German unit names and Rec. 21 packages of the domain, as a checksum input */
export const UNIT_VOCABULARY_VERSION = JSON.stringify([GERMAN_UNIT_NAMES, PACKAGE_UNITS]);

/**
 * The Rec. 20 rows with the domain's German name for every unit the product offers, and the
 * Rec. 21 package units (XPK, XCT, ...) that took the place of Rec. 20's deleted packing codes.
 */
export function withGermanUnits(rows: UnitRow[]): UnitRow[] {
  const named = rows.map((r) => ({ ...r, nameDe: GERMAN_UNIT_NAMES[r.code] ?? r.nameDe }));
  const packages = PACKAGE_UNITS.map((p): UnitRow => ({
    code: p.code,
    nameEn: p.nameEn,
    nameDe: GERMAN_UNIT_NAMES[p.code] ?? null,
    symbol: null,
    levelCategory: 'Rec. 21',
    status: 'active',
    isCommon: true,
  }));
  return [...named, ...packages];
}

// ---------------------------------------------------------------------------------------
// Municipalities and districts -> organisations

export const MUNICIPALITY_COLUMNS = [
  'ags',
  'name',
  'type_code',
  'type',
  'kreis_key',
  'land_key',
  'nuts3',
  'population',
] as const;
export const DISTRICT_COLUMNS = ['kreis_key', 'name', 'type_code', 'type', 'land_key', 'nuts3', 'population'] as const;

/** Destatis Textkennzeichen of a municipality that is its own district */
const CITY_MUNICIPALITY_TYPES = new Set(['61', '62']);
const MUNICIPALITY_TYPES = new Set(['60', '61', '62', '63', '64', '67']);
/** Kreisfreie Stadt / Stadtkreis as a district row: covered by the city's municipality row */
const CITY_DISTRICT_TYPES = new Set(['41', '42']);
/** Kreis, Landkreis, Regionalverband */
const DISTRICT_TYPES = new Set(['43', '44', '45']);

export type ReferenceOrganisationType = 'municipality' | 'district' | 'city';

export interface OrganisationRow {
  /** `ags:<8 digits>` for municipalities and cities, `kreis:<5 digits>` for districts */
  referenceKey: string;
  type: ReferenceOrganisationType;
  /** as the body names itself ("Stadt Zwickau", "Landkreis Zwickau"; PUBLIC_BODY_NAMING_VERSION) */
  name: string;
  ags: string | null;
  districtKey: string;
  nuts3: string | null;
  population: number | null;
  landKey: string | null;
  officialType: string | null;
}

/**
 * One organisation per municipality (a kreisfreie Stadt / Stadtkreis, type_code 61/62,
 * becomes one organisation of type `city`, being both municipality and district) and one
 * per district of type 43/44/45. District rows 41/42 only complete their city (NUTS-3).
 */
export function toOrganisationRows(municipalities: CsvFile, districts: CsvFile): OrganisationRow[] {
  const districtByKey = new Map<string, { index: number; record: CsvRecord }>();
  districts.records.forEach((r, i) => {
    const key = (r['kreis_key'] ?? '').trim();
    if (!/^\d{5}$/.test(key)) fail(districts.file, i, `kreis_key is not 5 digits: "${key}"`);
    if (districtByKey.has(key)) fail(districts.file, i, `duplicate kreis_key ${key}`);
    const typeCode = (r['type_code'] ?? '').trim();
    if (!CITY_DISTRICT_TYPES.has(typeCode) && !DISTRICT_TYPES.has(typeCode)) {
      fail(districts.file, i, `unknown type_code "${typeCode}"`);
    }
    districtByKey.set(key, { index: i, record: r });
  });

  const rows: OrganisationRow[] = [];
  const seenAgs = new Set<string>();
  const citiesByDistrict = new Set<string>();
  const { file } = municipalities;
  municipalities.records.forEach((r, i) => {
    const ags = (r['ags'] ?? '').trim();
    if (!/^\d{8}$/.test(ags)) fail(file, i, `ags is not 8 digits: "${ags}"`);
    if (seenAgs.has(ags)) fail(file, i, `duplicate ags ${ags}`);
    seenAgs.add(ags);
    const districtKey = (r['kreis_key'] ?? '').trim();
    if (districtKey !== ags.slice(0, 5)) fail(file, i, `kreis_key ${districtKey} is not the start of ags ${ags}`);
    const district = districtByKey.get(districtKey);
    if (!district) fail(file, i, `kreis_key ${districtKey} is not in ${districts.file}`);
    const typeCode = (r['type_code'] ?? '').trim();
    if (!MUNICIPALITY_TYPES.has(typeCode)) fail(file, i, `unknown type_code "${typeCode}"`);
    const isCity = CITY_MUNICIPALITY_TYPES.has(typeCode);
    if (isCity) {
      if (!CITY_DISTRICT_TYPES.has((district.record['type_code'] ?? '').trim())) {
        fail(file, i, `${ags} is a kreisfreie Stadt but its district ${districtKey} is not kreisfrei`);
      }
      if (citiesByDistrict.has(districtKey)) fail(file, i, `a second kreisfreie Stadt in district ${districtKey}`);
      citiesByDistrict.add(districtKey);
    }
    const name = text(r['name']);
    if (!name) fail(file, i, `${ags} has no name`);
    rows.push({
      referenceKey: `ags:${ags}`,
      type: isCity ? 'city' : 'municipality',
      name: municipalityDisplayName(name, text(r['type'])),
      ags,
      districtKey,
      nuts3: text(r['nuts3']) ?? (isCity ? text(district.record['nuts3']) : null),
      population: integer(file, i, 'population', r['population']),
      landKey: text(r['land_key']),
      officialType: text(r['type']),
    });
  });

  for (const [key, { index, record }] of districtByKey) {
    const typeCode = (record['type_code'] ?? '').trim();
    if (CITY_DISTRICT_TYPES.has(typeCode)) {
      if (!citiesByDistrict.has(key)) {
        fail(districts.file, index, `kreisfreie Stadt ${key} has no municipality row (type 61/62) in ${file}`);
      }
      continue;
    }
    const name = text(record['name']);
    if (!name) fail(districts.file, index, `district ${key} has no name`);
    rows.push({
      referenceKey: `kreis:${key}`,
      type: 'district',
      name: districtDisplayName(name, text(record['type'])),
      ags: null,
      districtKey: key,
      nuts3: text(record['nuts3']),
      population: integer(districts.file, index, 'population', record['population']),
      landKey: text(record['land_key']),
      officialType: text(record['type']),
    });
  }
  return rows;
}
