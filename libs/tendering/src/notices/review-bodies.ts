import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configTablesDir } from '@buendel/config';
import type { EformsOrganisationInput } from '@buendel/domain';

interface ReviewBodiesFile {
  bodies: Record<string, Omit<EformsOrganisationInput, 'id'>>;
}

let cache: ReviewBodiesFile | undefined;

/**
 * The review body (Vergabekammer) of a Land from config/review-bodies.json, keyed by the Land key
 * (`14` Sachsen); undefined when the Land has none configured.
 */
export function reviewBodyOfLand(landKey: string | null): EformsOrganisationInput | undefined {
  cache ??= JSON.parse(readFileSync(path.join(configTablesDir(), 'review-bodies.json'), 'utf8')) as ReviewBodiesFile;
  const body = landKey ? cache.bodies[landKey] : undefined;
  return body ? { id: `review-body-${landKey}`, ...body } : undefined;
}
