import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../testing';
import {
  BUYER_LEGAL_TYPES,
  CONTRACT_NATURES,
  ENVIRONMENTAL_IMPACTS,
  GPP_CRITERIA,
  MAIN_ACTIVITIES,
  SOCIAL_OBJECTIVES,
  STRATEGIC_PROCUREMENT,
} from './codes';
import { EFORMS_CRITERION_MEANING, isCleanVehiclesCpv, lotSustainability } from './sustainability';
import { CRITERIA_CATALOGUE } from '../criteria';

/** The codes of a Genericode list shipped in data/eforms-sdk/codelists. */
function genericodeCodes(name: string): string[] {
  const xml = readFileSync(path.join(REPO_ROOT, 'data', 'eforms-sdk', 'codelists', `${name}.gc`), 'utf8');
  return [...xml.matchAll(/<Value ColumnRef="code">\s*<SimpleValue>([^<]+)<\/SimpleValue>/g)].map((m) => m[1]!);
}

describe('eForms code lists', () => {
  it.each([
    ['buyer-legal-type', BUYER_LEGAL_TYPES],
    ['contract-nature', CONTRACT_NATURES],
    ['environmental-impact', ENVIRONMENTAL_IMPACTS],
    ['social-objective', SOCIAL_OBJECTIVES],
  ])('%s is the SDK list', (list, codes) => {
    expect([...codes].sort()).toEqual(genericodeCodes(list).sort());
  });

  it.each([
    ['gpp-criteria', GPP_CRITERIA],
    ['strategic-procurement', STRATEGIC_PROCUREMENT],
    ['main-activity', MAIN_ACTIVITIES],
  ])('%s codes are all in the SDK list', (list, codes) => {
    const sdk = genericodeCodes(list);
    for (const c of codes) expect(sdk).toContain(c);
  });

  it('gives every catalogue criterion an eForms meaning', () => {
    expect(Object.keys(EFORMS_CRITERION_MEANING).sort()).toEqual(CRITERIA_CATALOGUE.map((c) => c.code).sort());
  });
});

describe('strategic procurement of a lot', () => {
  it('is `none` without criteria, and lists each aim once with its criteria', () => {
    expect(lotSustainability([]).aims).toEqual([]);
    const s = lotSustainability([
      { code: 'EU_ECOLABEL', name: 'EU Ecolabel', phase: 'specification' },
      { code: 'TAKE_BACK', name: 'Rücknahme', phase: 'performance' },
      { code: 'ILO_CORE_LABOUR_STANDARDS', name: 'ILO-Kernarbeitsnormen', phase: 'qualification' },
    ]);
    expect(s.aims.map((a) => a.code)).toEqual(['env-imp', 'soc-obj']);
    expect(s.aims[0]!.description).toBe('EU Ecolabel – Leistungsbeschreibung; Rücknahme – Ausführungsbedingung');
    expect(s.environmentalImpacts).toEqual(['circ-econ', 'pollu-prev']);
    expect(s.gpp).toEqual(['eu', 'other']);
    expect(s.socialObjectives).toEqual(['work-cond']);
  });

  it('knows the vehicles of the Clean Vehicles Directive', () => {
    expect(isCleanVehiclesCpv('34144900-7')).toBe(true); // electric vehicles
    expect(isCleanVehiclesCpv('34110000-1')).toBe(true); // passenger cars
    expect(isCleanVehiclesCpv('31158100-9')).toBe(false); // chargers
    expect(isCleanVehiclesCpv('30197630-1')).toBe(false); // paper
  });
});
