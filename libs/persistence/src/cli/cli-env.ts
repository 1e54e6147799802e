import { validateEnvironment } from '@buendel/config';

/** DATABASE_URL for the migration commands, validated with the product's schema. */
export function cliDatabaseUrl(): string {
  return validateEnvironment(process.env, { optional: ['JWT_SECRET'] }).DATABASE_URL as string;
}
