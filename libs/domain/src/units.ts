/**
 * Units as German offices write them. The product stores UN/ECE Rec. 20 codes (Rev. 17);
 * people write "Stück", "Stk.", "kWh" or "Karton". This maps those words to codes, with a
 * German name for every unit the product offers, and refuses an abbreviation that means two
 * units, naming both.
 *
 * Checked against Rec. 20 Rev. 17 (data/unit-codes.csv):
 * - H87 piece, PR pair, SET set, KT kit, LS lump sum, E48 service unit, C62 one, EA each,
 *   LTR, MLT, KWH, MWH, MTR, KMT, MTK, KMK, MTQ, TNE, KGM, GRM, HUR, MIN, DAY, WEE, MON, ANN
 *   are active codes.
 * - STK is "stick, cigarette" and ST "sheet" (deleted): neither is Stück, so "Stk" and "St."
 *   are words for H87 here, never those codes.
 * - PK package, PA packet, RO roll, CT carton and PF pallet (lift) were deleted from Rec. 20
 *   ("use UN/ECE Recommendation 21"). Their Rec. 21 package codes are used with the prefix X,
 *   as the combined Rec. 20/21 code list of EN 16931 does: XPK, XPA, XRO, XCT, and XPX for a
 *   pallet (in Rec. 21, PF is a pen for animals; PX is the pallet). The deleted Rec. 20 codes
 *   written as such are read as their Rec. 21 successor.
 */

/** Rec. 21 package codes (with the X prefix) that the product offers beside Rec. 20 */
export const PACKAGE_UNITS: ReadonlyArray<{ code: string; nameEn: string }> = [
  { code: 'XPK', nameEn: 'package' },
  { code: 'XPA', nameEn: 'packet' },
  { code: 'XRO', nameEn: 'roll' },
  { code: 'XCT', nameEn: 'carton' },
  { code: 'XPX', nameEn: 'pallet' },
];

/** The German name of every unit the product offers (the common Rec. 20 units and the packages). */
export const GERMAN_UNIT_NAMES: Readonly<Record<string, string>> = {
  H87: 'Stück',
  C62: 'Eins',
  EA: 'Einheit (je)',
  NAR: 'Anzahl Artikel',
  PR: 'Paar',
  SET: 'Satz',
  KT: 'Bausatz',
  LS: 'Pauschale',
  E48: 'Leistungseinheit',
  LTR: 'Liter',
  MLT: 'Milliliter',
  KWH: 'Kilowattstunde',
  MWH: 'Megawattstunde',
  MTR: 'Meter',
  KMT: 'Kilometer',
  MTK: 'Quadratmeter',
  KMK: 'Quadratkilometer',
  MTQ: 'Kubikmeter',
  GRM: 'Gramm',
  KGM: 'Kilogramm',
  TNE: 'Tonne',
  MIN: 'Minute',
  HUR: 'Stunde',
  DAY: 'Tag',
  WEE: 'Woche',
  MON: 'Monat',
  ANN: 'Jahr',
  XPK: 'Paket',
  XPA: 'Packung',
  XRO: 'Rolle',
  XCT: 'Karton',
  XPX: 'Palette',
};

/** deleted Rec. 20 packing codes and the Rec. 21 code that took their place */
export const REPLACED_UNIT_CODES: Readonly<Record<string, string>> = {
  PK: 'XPK',
  PA: 'XPA',
  RO: 'XRO',
  CT: 'XCT',
  PF: 'XPX',
};

/** words and abbreviations per code, besides the German name (folded: see foldUnitWord) */
const WORDS: Readonly<Record<string, readonly string[]>> = {
  H87: ['stk', 'stk.', 'st', 'st.', 'stck', 'stck.', 'stücke', 'stueck'],
  PR: ['paare', 'pr.'],
  SET: ['sätze', 'set', 'sets'],
  KT: ['kit', 'kits', 'bausätze'],
  LS: ['pauschal', 'psch.', 'pausch.', 'pschl.', 'pauschalen'],
  E48: ['le', 'leistungseinheiten'],
  LTR: ['l', 'ltr', 'ltr.', 'litre'],
  MLT: ['ml'],
  KWH: ['kwh', 'kilowattstunden'],
  MWH: ['mwh', 'megawattstunden'],
  MTR: ['m', 'lfm', 'lfm.', 'lfd. m', 'lfd.m', 'laufender meter', 'laufende meter'],
  KMT: ['km'],
  MTK: ['m²', 'm2', 'qm'],
  KMK: ['km²', 'km2', 'qkm'],
  MTQ: ['m³', 'm3', 'cbm'],
  GRM: ['g', 'gr.'],
  KGM: ['kg'],
  TNE: ['t', 'to', 'to.', 'tonnen'],
  MIN: ['min', 'min.', 'minuten'],
  HUR: ['h', 'std', 'std.', 'stunden'],
  DAY: ['d', 'tage'],
  WEE: ['wo', 'wo.', 'wochen'],
  MON: ['mon', 'mon.', 'monate'],
  ANN: ['a', 'jahre'],
  XPK: ['pakete', 'pck', 'pck.', 'pak.'],
  XPA: ['packungen', 'pckg.'],
  XRO: ['rollen', 'rl.', 'rll.'],
  XCT: ['kartons', 'ktn.', 'krt.'],
  XPX: ['paletten', 'pal.'],
};

/** abbreviations that mean more than one unit: refused, naming each */
const AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  pack: ['XPK', 'XPA'],
  'pack.': ['XPK', 'XPA'],
  pkg: ['XPK', 'XPA'],
  'pkg.': ['XPK', 'XPA'],
  'pa.': ['PR', 'XPA'],
  // active Rec. 20 codes of the same letters
  ktn: ['XCT', 'KTN'],
  pal: ['XPX', 'PAL'],
};

/** German names of codes that only come up as the other meaning of an ambiguous abbreviation */
const OTHER_GERMAN_NAMES: Readonly<Record<string, string>> = { KTN: 'Kilotonne', PAL: 'Pascal' };

/** lower case, inner spaces as one, "m^2" and "m 2" as m² */
export function foldUnitWord(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(k?m)\s?\^?([23])$/, (_, m: string, p: string) => `${m}${p === '2' ? '²' : '³'}`);
}

const CODE_OF = new Map<string, string>();
for (const [code, name] of Object.entries({ ...GERMAN_UNIT_NAMES, ...OTHER_GERMAN_NAMES })) {
  CODE_OF.set(foldUnitWord(name), code);
}
for (const [code, words] of Object.entries(WORDS)) {
  for (const word of words) {
    const folded = foldUnitWord(word);
    const earlier = CODE_OF.get(folded);
    if (earlier !== undefined && earlier !== code) throw new Error(`unit word ${word} maps to ${earlier} and ${code}`);
    CODE_OF.set(folded, code);
  }
}
for (const word of Object.keys(AMBIGUOUS)) {
  if (CODE_OF.has(word)) throw new Error(`unit word ${word} is both ambiguous and mapped`);
}

export type UnitReading =
  /** a code: mapped from a word, or written as one (whether it exists, the reference data says) */
  | { code: string; ambiguous?: undefined }
  /** a word that means several units */
  | { code?: undefined; ambiguous: ReadonlyArray<{ code: string; nameDe: string }> }
  /** neither a word we know nor the shape of a code */
  | { code?: undefined; ambiguous?: undefined };

const CODE_SHAPE = /^[A-Z0-9]{2,3}$/;

/**
 * Reads a unit as written: a German name or abbreviation ("Stück", "Stk.", "kWh", "m²"), or a
 * Rec. 20 code in any case ("h87"). Words take precedence over codes of the same letters
 * ("STK" is Stück, not the cigarette stick); deleted packing codes become their Rec. 21
 * successor (CT -> XCT).
 */
export function readUnit(text: string): UnitReading {
  const folded = foldUnitWord(text);
  const mapped = CODE_OF.get(folded);
  if (mapped) return { code: mapped };
  const ambiguous = AMBIGUOUS[folded];
  if (ambiguous)
    return {
      ambiguous: ambiguous.map((code) => ({
        code,
        nameDe: GERMAN_UNIT_NAMES[code] ?? OTHER_GERMAN_NAMES[code] ?? code,
      })),
    };
  const code = folded.toUpperCase();
  if (CODE_SHAPE.test(code)) return { code: REPLACED_UNIT_CODES[code] ?? code };
  return {};
}

/** The code a unit text stands for, or the text itself when it names none or several (for the validation to name). */
export function unitCodeOrText(text: string): string {
  return readUnit(text).code ?? text;
}

/** Why a unit text is not a unit (undefined when it reads as a code). German unit names and codes are named. */
export function unitProblem(text: unknown): string | undefined {
  if (typeof text !== 'string')
    return 'must be a unit: a UN/ECE Rec. 20 code such as H87, or a German unit such as Stück';
  const reading = readUnit(text);
  if (reading.code) return undefined;
  if (reading.ambiguous) {
    const either = (list: string[]) => `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
    const meanings = either(reading.ambiguous.map((u) => `${u.nameDe} (${u.code})`));
    return `"${text.trim()}" can mean ${meanings}; write the unit out: ${either(reading.ambiguous.map((u) => u.nameDe))}`;
  }
  return `"${text.trim()}" is no unit we know; write a UN/ECE Rec. 20 code such as H87 or a German unit such as Stück, Liter, kWh (GET /units)`;
}
