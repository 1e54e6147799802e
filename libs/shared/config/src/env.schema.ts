import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  validateSync,
  ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};

/** names of address ranges that fastify's trustProxy (proxy-addr) understands */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** the entries of TRUST_PROXY: addresses, CIDR ranges or range names */
export function proxyList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

@ValidatorConstraint({ name: 'isProxyList' })
class IsProxyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && proxyList(value).length > 0 && proxyList(value).every(isProxyEntry);
  }
  defaultMessage(): string {
    return `must be IP addresses or CIDR ranges, comma-separated (or ${PROXY_RANGE_NAMES.join(', ')})`;
  }
}

/** the argon2id cost of the OWASP Password Storage Cheat Sheet: the default and the production minimum */
export const ARGON2_OWASP = { memoryKib: 19_456, passes: 2 } as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The one schema of Bündel's configuration. Every variable the product reads is here,
 * and `process.env` is read nowhere else.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 65535' })
  @Min(1, { message: 'must be an integer between 1 and 65535' })
  @Max(65535, { message: 'must be an integer between 1 and 65535' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** postgres://user:password@host:port/database; the launcher starts an embedded server when unset */
  @ValidateIf((o: EnvironmentVariables) => o.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** key prefix for every Redis key (queues, rate limits); tests use one per run */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'must be 1-64 letters, digits, ":", "_" or "-"' })
  REDIS_PREFIX = 'buendel';

  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.JWT_SECRET !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60, { message: 'must be at least 60 seconds' })
  JWT_EXPIRES_IN_SECONDS = 3600;

  @IsEmail({}, { message: 'must be an e-mail address' })
  ADMIN_EMAIL = 'admin@buendel.local';

  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  DEMO_DATA = false;

  /** run pending migrations and load reference data when the API starts */
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  MIGRATIONS_RUN = true;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 64' })
  @Min(1, { message: 'must be an integer between 1 and 64' })
  @Max(64, { message: 'must be an integer between 1 and 64' })
  WORKER_CONCURRENCY = 4;

  /** failed logins of one account from one address within the window before that pair gets 429 */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 second' })
  LOGIN_WINDOW_SECONDS = 900;

  /** failed logins from one address (any account) within the window before that address gets 429 */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  LOGIN_MAX_FAILURES_PER_ADDRESS = 200;

  /** the longest wait that an account's failed logins put before its next login (never a lock) */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0, { message: 'must be 0 or more seconds' })
  @Max(60, { message: 'must be at most 60 seconds' })
  LOGIN_MAX_DELAY_SECONDS = 10;

  /**
   * argon2id memory per password hash, in KiB. The default is the OWASP Password Storage Cheat
   * Sheet's (19 MiB); production refuses less. The tests set a cheap cost (test/support/global-setup.ts):
   * they create hundreds of users, and the cost is the same code path at a smaller number.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of KiB' })
  @Min(1024, { message: 'must be at least 1024 KiB' })
  PASSWORD_HASH_MEMORY_KIB = ARGON2_OWASP.memoryKib;

  /** argon2id passes per password hash (OWASP: 2 at 19 MiB); production refuses fewer */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(10, { message: 'must be at most 10' })
  PASSWORD_HASH_PASSES = ARGON2_OWASP.passes;

  /** supplier registrations (and other sign-up style requests) from one address per hour */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10;

  /**
   * The reverse proxies in front of the API, whose X-Forwarded-For is believed: IP addresses
   * or CIDR ranges, comma-separated (e.g. `10.0.0.5,192.168.0.0/16`), or loopback, linklocal,
   * uniquelocal. Unset: no proxy, the client is the peer address.
   */
  @ValidateIf((o: EnvironmentVariables) => o.TRUST_PROXY !== undefined)
  @IsString()
  @Validate(IsProxyList)
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  /**
   * where the files of suppliers' evidence lie, each under its SHA-256 (content-addressed; the
   * rows of supplier_evidence list them); default: `evidence` under DATA_DIR (or `.data`)
   */
  @IsOptional()
  @IsString()
  EVIDENCE_DIR?: string;

  /** the largest evidence file accepted (bytes); PDF, PNG and JPEG only */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(1024, { message: 'must be at least 1024 bytes' })
  EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * AES-256-GCM key that seals the offers (32 bytes, base64); `npm start` generates one for
   * development, production must set it (and keep it: offers sealed with a lost key stay sealed)
   */
  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.OFFER_ENCRYPTION_KEY !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production' })
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)' })
  OFFER_ENCRYPTION_KEY?: string;

  /** legal minimum period from publication to the submission deadline, EU open procedure (§ 15 VgV, electronic) */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  TENDER_MIN_DAYS_EU = 30;

  /** the same for the national procedure (Öffentliche Ausschreibung, § 9 UVgO: an adequate period) */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  TENDER_MIN_DAYS_NATIONAL = 10;

  /** shortens both minimum periods to this many seconds, for demos and tests; refused in production */
  @ValidateIf((o: EnvironmentVariables) => o.TENDER_MIN_SUBMISSION_SECONDS !== undefined)
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 second' })
  TENDER_MIN_SUBMISSION_SECONDS?: number;

  /**
   * calendar days between the information letters and the contract in national procedures below
   * the EU threshold, where § 134 GWB does not apply (0: none; EU procedures: 10 days, § 134 GWB)
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0, { message: 'must not be negative' })
  STANDSTILL_DAYS_NATIONAL = 0;

  /** the registered OCDS prefix of the publisher: `ocds-` and six letters or digits */
  @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'must be ocds- and six lower-case letters or digits' })
  OCDS_PREFIX = 'ocds-b5ndl1';

  /** the public base URL of the API (for links in the OCDS export); default http://localhost:PORT */
  @ValidateIf((o: EnvironmentVariables) => o.PUBLIC_URL !== undefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  PUBLIC_URL?: string;

  /** how often the anonymised market view is recomputed (a fixed rhythm, not every change) */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(5, { message: 'must be at least 5 seconds' })
  MARKET_REFRESH_SECONDS = 300;

  /** a demand import upload larger than this (bytes, by its Content-Length) becomes an import job with progress */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(0, { message: 'must not be negative' })
  IMPORT_JOB_BYTES = 4 * 1024 * 1024;

  /**
   * the SMTP server that sends the mails (smtp://user:password@host:587, smtps://… for TLS from the
   * start); `npm start` runs an embedded catcher when unset; required in production
   */
  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.SMTP_URL !== undefined)
  @IsString({ message: 'is required when NODE_ENV=production (information letters, § 134 GWB, go out by e-mail)' })
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** the sender of every mail: an address, or a name and an address (`Bündel <noreply@example.org>`) */
  @Matches(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'must be an e-mail address or "Name <address>"',
  })
  MAIL_FROM = 'Bündel <noreply@buendel.local>';
}

/** variables without a default: set by the environment or not at all */
export const OPTIONAL_VARIABLES = [
  'DATABASE_URL',
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'DATA_DIR',
  'EVIDENCE_DIR',
  'OFFER_ENCRYPTION_KEY',
  'TENDER_MIN_SUBMISSION_SECONDS',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'SMTP_URL',
] as const;

export type AppConfig = Readonly<EnvironmentVariables> & {
  JWT_SECRET: string;
  DATABASE_URL: string;
  OFFER_ENCRYPTION_KEY: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[], env: Record<string, unknown>): string[] {
  return errors.map((e) => {
    const raw = env[e.property];
    let messages = Object.values(e.constraints ?? {});
    const required = messages.filter((m) => m.includes('required'));
    if (raw === undefined && required.length > 0) messages = required;
    const reasons = [...new Set(messages)].join('; ');
    const got = raw === undefined ? 'not set' : `got ${JSON.stringify(String(raw))}`;
    return `${e.property}: ${reasons} (${got})`;
  });
}

export interface ValidateOptions {
  /** variables the caller will provide itself (the launcher fills DATABASE_URL and the secrets) */
  optional?: Array<'DATABASE_URL' | 'JWT_SECRET' | 'OFFER_ENCRYPTION_KEY'>;
}

/** Validates the environment; throws ConfigError naming every bad variable. */
export function validateEnvironment(env: Record<string, unknown>, options: ValidateOptions = {}): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const relevant: Record<string, unknown> = {};
  for (const key of [...known, ...OPTIONAL_VARIABLES]) {
    if (env[key] !== undefined && env[key] !== '') relevant[key] = env[key];
  }
  const config = plainToInstance(EnvironmentVariables, relevant);
  const problems = describe(validateSync(config, { skipMissingProperties: false }), relevant);
  const optional = new Set(options.optional ?? []);
  if (!config.DATABASE_URL && !optional.has('DATABASE_URL')) problems.push('DATABASE_URL: is required (not set)');
  if (!config.JWT_SECRET && !optional.has('JWT_SECRET') && config.NODE_ENV !== 'production') {
    problems.push('JWT_SECRET: is required (not set); `npm start` generates one for development');
  }
  if (!config.OFFER_ENCRYPTION_KEY && !optional.has('OFFER_ENCRYPTION_KEY') && config.NODE_ENV !== 'production') {
    problems.push('OFFER_ENCRYPTION_KEY: is required (not set); `npm start` generates one for development');
  }
  if (config.NODE_ENV === 'production' && config.TENDER_MIN_SUBMISSION_SECONDS !== undefined) {
    problems.push('TENDER_MIN_SUBMISSION_SECONDS: must not be set in production (the legal minimum periods apply)');
  }
  if (
    config.NODE_ENV === 'production' &&
    (config.PASSWORD_HASH_MEMORY_KIB < ARGON2_OWASP.memoryKib || config.PASSWORD_HASH_PASSES < ARGON2_OWASP.passes)
  ) {
    problems.push(
      `PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES: must not be below ${ARGON2_OWASP.memoryKib} KiB and ${ARGON2_OWASP.passes} passes in production (OWASP)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The process environment, validated (for the few settings needed before the Nest application exists). */
export function readEnvironment(): EnvironmentVariables {
  return validateEnvironment(process.env);
}
