import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerContract } from 'typeorm';

/**
 * TypeORM's messages through the application's logger (pino with LOG_LEVEL in the apps, Nest's
 * console logger in the command-line tools) instead of TypeORM's own console output.
 *
 * A failed statement is a warning with its SQLSTATE, its message and its SQL, never its
 * parameters (they carry addresses and password hashes): the caller decides whether the failure
 * is an error. It answers a unique violation with a 409 or retries a serialisation failure; what
 * it does not handle becomes a 500 or a failed job, each logged as an error with its stack. So a
 * run at LOG_LEVEL=error (the tests) shows the failures, not the statements a test makes fail on
 * purpose, and an unexpected failure still shows as the error it causes.
 */
export class TypeOrmLogger implements TypeOrmLoggerContract {
  private readonly logger = new Logger('TypeORM');

  /** every statement: not logged (`logging` lists no `query`) */
  logQuery(): void {
    return undefined;
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    const code = typeof error === 'object' && 'code' in error ? ` ${String(error.code)}` : '';
    const message = typeof error === 'string' ? error : error.message;
    this.logger.warn(`statement failed${code}: ${message} -- ${query.replace(/\s+/g, ' ').slice(0, 500)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow statement (${time} ms): ${query.replace(/\s+/g, ' ').slice(0, 500)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
