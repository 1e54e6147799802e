import { readdirSync } from 'node:fs';
import path from 'node:path';
import { RouteAccessRule } from '@buendel/testing';

const RULES_DIR = path.join(__dirname, '..', 'access');

/** every row of the access matrix, from test/access/<module>.access.ts (see test/access/README.md) */
export const accessRules: RouteAccessRule[] = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.access.ts'))
  .sort()
  // the rule files are found at run time
  .flatMap((f) => (require(path.join(RULES_DIR, f)) as { rules: RouteAccessRule[] }).rules);
