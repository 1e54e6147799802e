import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from './config.module';
import { AppConfig } from './env.schema';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** the request id: the caller's X-Request-Id when it looks sane, else a new UUID */
export function requestIdFor(req: IncomingMessage, res?: ServerResponse): string {
  const existing = (req as IncomingMessage & { id?: unknown }).id;
  if (typeof existing === 'string') return existing;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  res?.setHeader('x-request-id', id);
  return id;
}

export interface LoggingOptions {
  /**
   * What a line logged inside a request carries (the API: its requestId), asked for each line
   * that is written; no logger is made per request.
   */
  requestBindings?: () => Record<string, unknown>;
}

/**
 * Structured JSON logs (pino). No per-request middleware: the API writes one line per request
 * itself (registerRequestLog in @buendel/http), and `requestBindings` puts the request id on
 * every line logged inside a request (benchmark R3a: pino-http's two child loggers per request,
 * and Nest's middleware around each request, were 3-4% of the API's CPU).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            forRoutes: [],
            pinoHttp: {
              level: config.LOG_LEVEL,
              redact: {
                paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'],
                censor: '[redacted]',
              },
              ...(options.requestBindings ? { mixin: options.requestBindings } : {}),
            },
          }),
        }),
      ],
    };
  }
}
