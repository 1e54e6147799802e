// Test support only (ajv is a dev dependency): the production code never imports this entry point.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * Validation of OCDS 1.1 release packages for tests (unit and end to end), from the files in
 * data/ocds only (no network):
 * 1. JSON Schema: the OCDS 1.1.5 release schema (draft-04) patched with the lots,
 *    contract-buyer and EU extensions as JSON Merge Patch (RFC 7386, the way OCDS applies
 *    extensions), wrapped in the 1.1 release-package schema (not in data/ocds, so rebuilt below);
 * 2. codelists: the JSON Schema checks only the closed codelists that carry an `enum`, so every
 *    code we emit (party roles incl. the EU extension's, statuses, tags, method, category,
 *    award criteria, submission method, classification and unit schemes, currencies) is checked
 *    against the CSVs, CPV codes against data/cpv-2008.csv and unit codes against
 *    data/unit-codes.csv;
 * 3. references: every OrganizationReference (buyer, procuringEntity, tenderers, suppliers,
 *    award buyers, contract buyer) names a party by id and name, contracts name an award, items
 *    and awards name a lot.
 */

export type OcdsPackageValidator = (pkg: unknown) => { valid: boolean; errors: string[] };

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const OCDS_DATA_DIR = path.join(REPO_ROOT, 'data', 'ocds');
export const OCDS_EXTENSION_DIRS = ['lots-extension', 'contract-buyer-extension', 'eu-extension'] as const;

const RELEASE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
const PACKAGE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json';

/**
 * OCDS metadata keywords (not validation keywords). Registered so that Ajv knows them: an
 * unknown keyword then still fails the compile (strictSchema), so nothing slips through.
 */
const OCDS_KEYWORDS = ['codelist', 'openCodelist', 'deprecated', 'omitWhenMerged', 'wholeListMerge', 'versionId'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON Merge Patch (RFC 7386): objects merge recursively, `null` deletes, anything else replaces. */
export function jsonMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

/** The OCDS 1.1.5 release schema with the three extensions applied. */
export function loadPatchedReleaseSchema(): JsonObject {
  let schema = readJson(path.join(OCDS_DATA_DIR, 'release-schema.json'));
  for (const dir of OCDS_EXTENSION_DIRS) {
    schema = jsonMergePatch(schema, readJson(path.join(OCDS_DATA_DIR, dir, 'release-schema.json')));
  }
  if (!isObject(schema)) throw new Error('patched release schema is not an object');
  return schema;
}

/** The OCDS 1.1 release-package schema (as published for 1.1.5), pointing at the patched release schema. */
const RELEASE_PACKAGE_SCHEMA: JsonObject = {
  id: PACKAGE_SCHEMA_ID,
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['uri', 'publisher', 'publishedDate', 'releases', 'version'],
  properties: {
    uri: { type: 'string', format: 'uri' },
    version: { type: 'string', pattern: '^(\\d+\\.)(\\d+)$', enum: ['1.1'] },
    extensions: { type: 'array', items: { type: 'string', format: 'uri' } },
    publishedDate: { type: 'string', format: 'date-time' },
    releases: { type: 'array', minItems: 1, items: { $ref: RELEASE_SCHEMA_ID }, uniqueItems: true },
    publisher: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        scheme: { type: ['string', 'null'] },
        uid: { type: ['string', 'null'] },
        uri: { type: ['string', 'null'], format: 'uri' },
      },
    },
    license: { type: ['string', 'null'], format: 'uri' },
    publicationPolicy: { type: ['string', 'null'], format: 'uri' },
  },
};

// ---------------------------------------------------------------------------------------------
// CSV and codelists
// ---------------------------------------------------------------------------------------------

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f !== ''));
}

/** Rows of a CSV file as objects keyed by the header. */
export function readCsvRecords(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/**
 * Codes of a codelist: the core CSV in data/ocds/codelists plus the `+name.csv` additions of the
 * extensions. Deprecated codes (awardCriteria) and expired currencies are left out.
 */
export function loadOcdsCodelist(name: string): Set<string> {
  const files = [path.join(OCDS_DATA_DIR, 'codelists', name)];
  for (const dir of OCDS_EXTENSION_DIRS) files.push(path.join(OCDS_DATA_DIR, dir, 'codelists', `+${name}`));
  const codes = new Set<string>();
  for (const file of files) {
    let records: Record<string, string>[];
    try {
      records = readCsvRecords(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && file !== files[0]) continue;
      throw error;
    }
    for (const r of records) {
      if (r['Deprecated'] || r['Valid Until']) continue;
      codes.add(r['Code']);
    }
  }
  return codes;
}

interface Vocabularies {
  codelists: Map<string, Set<string>>;
  cpvCodes: Set<string>;
  unitCodes: Set<string>;
}

function loadVocabularies(): Vocabularies {
  const names = [
    'releaseTag.csv',
    'initiationType.csv',
    'partyRole.csv',
    'tenderStatus.csv',
    'method.csv',
    'procurementCategory.csv',
    'extendedProcurementCategory.csv',
    'awardCriteria.csv',
    'submissionMethod.csv',
    'awardStatus.csv',
    'contractStatus.csv',
    'itemClassificationScheme.csv',
    'unitClassificationScheme.csv',
    'currency.csv',
  ];
  return {
    codelists: new Map(names.map((n) => [n, loadOcdsCodelist(n)])),
    cpvCodes: new Set(readCsvRecords(path.join(REPO_ROOT, 'data', 'cpv-2008.csv')).map((r) => r['code'])),
    unitCodes: new Set(
      readCsvRecords(path.join(REPO_ROOT, 'data', 'unit-codes.csv'))
        .filter((r) => r['status'] !== 'deleted')
        .map((r) => r['code']),
    ),
  };
}

/** Walks a value: calls `visit` with every (JSON path, value) pair. */
function walk(value: unknown, at: string, visit: (at: string, value: unknown) => void): void {
  visit(at, value);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}/${i}`, visit));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, `${at}/${k}`, visit);
}

/** JSON-pointer-like patterns (`*` = any array index) of fields that hold a code of a codelist. */
const CODE_FIELDS: ReadonlyArray<[RegExp, string]> = [
  [/^\/tag\/\d+$/, 'releaseTag.csv'],
  [/^\/initiationType$/, 'initiationType.csv'],
  [/^\/parties\/\d+\/roles\/\d+$/, 'partyRole.csv'],
  [/^\/tender\/status$/, 'tenderStatus.csv'],
  [/^\/tender\/lots\/\d+\/status$/, 'tenderStatus.csv'],
  [/^\/tender\/procurementMethod$/, 'method.csv'],
  [/^\/tender\/mainProcurementCategory$/, 'procurementCategory.csv'],
  [/^\/tender\/additionalProcurementCategories\/\d+$/, 'extendedProcurementCategory.csv'],
  [/^\/tender\/awardCriteria$/, 'awardCriteria.csv'],
  [/^\/tender\/submissionMethod\/\d+$/, 'submissionMethod.csv'],
  [/^\/awards\/\d+\/status$/, 'awardStatus.csv'],
  [/^\/contracts\/\d+\/status$/, 'contractStatus.csv'],
  [/\/items\/\d+\/(?:classification|additionalClassifications\/\d+)\/scheme$/, 'itemClassificationScheme.csv'],
  [/\/items\/\d+\/unit\/scheme$/, 'unitClassificationScheme.csv'],
  [/\/currency$/, 'currency.csv'],
];

/** Codes not in their codelist, CPV codes not in CPV 2008, unit codes not in UN/ECE Rec. 20. */
export function ocdsCodelistProblems(release: unknown, vocabularies: Vocabularies, prefix = ''): string[] {
  const problems: string[] = [];
  walk(release, '', (at, value) => {
    for (const [pattern, codelist] of CODE_FIELDS) {
      if (!pattern.test(at) || value === null || value === undefined) continue;
      if (typeof value !== 'string' || !vocabularies.codelists.get(codelist)?.has(value)) {
        problems.push(`codelist: ${prefix}${at} = ${JSON.stringify(value)} is not in ${codelist}`);
      }
    }
    if (!isObject(value)) return;
    if (/\/items\/\d+\/classification$/.test(at) && value['scheme'] === 'CPV') {
      if (typeof value['id'] !== 'string' || !vocabularies.cpvCodes.has(value['id'])) {
        problems.push(`codelist: ${prefix}${at}/id = ${JSON.stringify(value['id'])} is not a CPV 2008 code`);
      }
    }
    if (/\/items\/\d+\/unit$/.test(at) && value['scheme'] === 'UNCEFACT') {
      if (typeof value['id'] !== 'string' || !vocabularies.unitCodes.has(value['id'])) {
        problems.push(`codelist: ${prefix}${at}/id = ${JSON.stringify(value['id'])} is not a UN/ECE Rec. 20 unit code`);
      }
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------

/** Fields that hold an OrganizationReference (or an array of them), with the party role it needs. */
const REFERENCE_FIELDS: ReadonlyArray<[RegExp, string | undefined]> = [
  [/^\/buyer$/, 'buyer'],
  [/^\/tender\/procuringEntity$/, 'procuringEntity'],
  [/^\/tender\/tenderers\/\d+$/, 'tenderer'],
  [/^\/awards\/\d+\/suppliers\/\d+$/, 'supplier'],
  [/^\/awards\/\d+\/buyers\/\d+$/, 'buyer'],
  [/^\/contracts\/\d+\/buyer$/, 'buyer'],
];

/** Broken references inside one release: organisations, awards of contracts, lots of items and awards. */
export function ocdsReferenceProblems(release: unknown, prefix = ''): string[] {
  if (!isObject(release)) return [`reference: ${prefix} is not an object`];
  const problems: string[] = [];
  const parties = new Map<string, JsonObject>();
  for (const p of Array.isArray(release['parties']) ? release['parties'] : []) {
    if (!isObject(p) || typeof p['id'] !== 'string') continue;
    if (parties.has(p['id'])) problems.push(`reference: ${prefix}/parties has id ${p['id']} twice`);
    parties.set(p['id'], p);
  }
  walk(release, '', (at, value) => {
    for (const [pattern, role] of REFERENCE_FIELDS) {
      if (!pattern.test(at) || !isObject(value)) continue;
      const party = typeof value['id'] === 'string' ? parties.get(value['id']) : undefined;
      if (!party) problems.push(`reference: ${prefix}${at} -> no party with id ${JSON.stringify(value['id'])}`);
      else if (party['name'] !== value['name']) {
        problems.push(`reference: ${prefix}${at} name ${JSON.stringify(value['name'])} is not the party's name`);
      } else if (role && !(Array.isArray(party['roles']) && party['roles'].includes(role))) {
        problems.push(`reference: ${prefix}${at} -> party ${value['id']} lacks the role ${role}`);
      }
    }
  });
  const tender = isObject(release['tender']) ? release['tender'] : {};
  const lotIds = new Set((Array.isArray(tender['lots']) ? tender['lots'] : []).filter(isObject).map((l) => l['id']));
  walk(release, '', (at, value) => {
    if (/\/items\/\d+\/relatedLot$/.test(at) && !lotIds.has(value as Json)) {
      problems.push(`reference: ${prefix}${at} -> no lot ${JSON.stringify(value)}`);
    }
    if (/^\/awards\/\d+\/relatedLots\/\d+$/.test(at) && !lotIds.has(value as Json)) {
      problems.push(`reference: ${prefix}${at} -> no lot ${JSON.stringify(value)}`);
    }
  });
  const awardIds = new Set(
    (Array.isArray(release['awards']) ? release['awards'] : []).filter(isObject).map((a) => a['id']),
  );
  (Array.isArray(release['contracts']) ? release['contracts'] : []).forEach((c, i) => {
    if (isObject(c) && !awardIds.has(c['awardID'])) {
      problems.push(`reference: ${prefix}/contracts/${i}/awardID -> no award ${JSON.stringify(c['awardID'])}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The validator
// ---------------------------------------------------------------------------------------------

/** A draft-04 Ajv that knows the OCDS keywords and checks `date-time` and `uri` formats. */
export function createOcdsAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // unknown keywords fail the compile; OCDS's own are registered below
    strictSchema: true,
    // OCDS uses union types (["string", "null"]) with keywords for only one of them (minLength)
    strictTypes: false,
    allowUnionTypes: true,
    strictTuples: false,
    strictRequired: false,
    validateFormats: true,
  });
  addFormats(ajv);
  for (const keyword of OCDS_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['string', 'boolean', 'object'] });
  return ajv;
}

let cached: OcdsPackageValidator | undefined;

/**
 * Validator of OCDS 1.1 release packages (schema + codelists + references). Compiling the
 * schema takes a moment, so the validator is built once per process.
 */
export function loadOcdsReleasePackageValidator(): OcdsPackageValidator {
  if (cached) return cached;
  const ajv = createOcdsAjv();
  ajv.addSchema(loadPatchedReleaseSchema() as object, RELEASE_SCHEMA_ID);
  const validateSchema = ajv.compile(RELEASE_PACKAGE_SCHEMA);
  const vocabularies = loadVocabularies();
  cached = (pkg: unknown) => {
    const errors: string[] = [];
    if (!validateSchema(pkg)) {
      for (const e of validateSchema.errors ?? []) {
        errors.push(`schema: ${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
      }
    }
    const releases = isObject(pkg) && Array.isArray(pkg['releases']) ? pkg['releases'] : [];
    releases.forEach((release, i) => {
      errors.push(...ocdsCodelistProblems(release, vocabularies, `/releases/${i}`));
      errors.push(...ocdsReferenceProblems(release, `/releases/${i}`));
    });
    return { valid: errors.length === 0, errors };
  };
  return cached;
}
