import { Logger, LoggerService } from '@nestjs/common';
import { TypeOrmLogger } from './typeorm-logger';

describe('TypeOrmLogger', () => {
  const lines: Array<[string, string]> = [];
  const sink: LoggerService = {
    log: (m: string) => lines.push(['log', m]),
    warn: (m: string) => lines.push(['warn', m]),
    error: (m: string) => lines.push(['error', m]),
    debug: (m: string) => lines.push(['debug', m]),
  };
  beforeAll(() => Logger.overrideLogger(sink));
  beforeEach(() => (lines.length = 0));

  it('logs a failed statement as a warning with its SQLSTATE and SQL, never its parameters', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "IDX_x"'), { code: '23505' });
    new TypeOrmLogger().logQueryError(error, 'INSERT INTO users (email)\n   VALUES ($1)', ['erika@example.test']);
    expect(lines).toEqual([
      [
        'warn',
        'statement failed 23505: duplicate key value violates unique constraint "IDX_x" -- INSERT INTO users (email) VALUES ($1)',
      ],
    ]);
    expect(JSON.stringify(lines)).not.toContain('erika@example.test');
  });

  it('logs no statement that succeeds, migrations as log lines and warnings as warnings', () => {
    const logger = new TypeOrmLogger();
    logger.logQuery();
    logger.logMigration('1 migration pending');
    logger.log('warn', 'pool is full');
    logger.log('info', 'connected');
    expect(lines).toEqual([
      ['log', '1 migration pending'],
      ['warn', 'pool is full'],
      ['debug', 'connected'],
    ]);
  });
});
