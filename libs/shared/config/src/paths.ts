import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository (or image) root: the nearest folder up from here that holds data/README.md. */
export function productRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'data', 'README.md'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the product root (data/README.md) above ${__dirname}`);
    dir = parent;
  }
}

/** Shipped reference data (data/) */
export function referenceDataDir(): string {
  return path.join(productRoot(), 'data');
}

/** Shipped configuration tables (config/), e.g. the EU thresholds */
export function configTablesDir(): string {
  return path.join(productRoot(), 'config');
}
