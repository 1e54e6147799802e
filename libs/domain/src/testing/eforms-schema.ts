import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { REPO_ROOT } from './ocds-schema';

/**
 * Validates eForms notices against the XML schemas of the eForms SDK 1.15 shipped in
 * `data/eforms-sdk/schemas`, with libxml2 compiled to WebAssembly (xmllint-wasm): the same
 * check as step 1 of `eforms-validate`, without a system xmllint. The schematron rules (step 2)
 * need Saxon; `.ci/run` runs them on the notices the tests write.
 */
export const EFORMS_SCHEMA_DIR = path.join(REPO_ROOT, 'data', 'eforms-sdk', 'schemas');

let files: XMLFileInfo[] | undefined;
function schemaFiles(): XMLFileInfo[] {
  files ??= ['common', 'maindoc'].flatMap((dir) =>
    readdirSync(path.join(EFORMS_SCHEMA_DIR, dir))
      .filter((f) => f.endsWith('.xsd'))
      .map((f) => ({ fileName: `${dir}/${f}`, contents: readFileSync(path.join(EFORMS_SCHEMA_DIR, dir, f), 'utf8') })),
  );
  return files;
}

const MAIN_SCHEMA: Readonly<Record<string, string>> = {
  ContractNotice: 'maindoc/UBL-ContractNotice-2.3.xsd',
  ContractAwardNotice: 'maindoc/UBL-ContractAwardNotice-2.3.xsd',
};

export interface EformsSchemaResult {
  valid: boolean;
  errors: string[];
}

/** Schema validation of one notice; the root element picks the schema. */
export async function validateEformsSchema(xml: string): Promise<EformsSchemaResult> {
  const root = /<([A-Za-z]+)[\s>]/.exec(xml.replace(/<\?xml[^>]*\?>/, ''))?.[1] ?? '';
  const main = MAIN_SCHEMA[root];
  if (!main) return { valid: false, errors: [`not an eForms notice: root element ${root || '(none)'}`] };
  const all = schemaFiles();
  const schema = all.find((f) => f.fileName === main);
  if (!schema) return { valid: false, errors: [`schema ${main} missing in ${EFORMS_SCHEMA_DIR}`] };
  const result = await validateXML({
    xml: { fileName: 'notice.xml', contents: xml },
    schema,
    preload: all.filter((f) => f.fileName !== main),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
