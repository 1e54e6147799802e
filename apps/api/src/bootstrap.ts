import { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { requestContextOf, runWithRequestContext } from '@buendel/audit';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig, proxyList, readEnvironment, requestIdFor } from '@buendel/config';
import { createValidationPipe } from '@buendel/errors';
import { runMigrations, StartupTaskRunner } from '@buendel/persistence';
import { registerCsvBodyParser } from '@buendel/bundling';
import {
  answerFrameworkError,
  NulCharacterGuard,
  registerInputLimits,
  registerRequestLog,
  RequestLogger,
} from '@buendel/http';
import { ApiModule } from './api.module';
import { registerWebApp } from './web-app';

export const API_PREFIX = 'api/v1';

/** Builds the API application (used by main.ts and by the end-to-end tests, which may give a clock of their own). */
export async function createApiApp(
  options: { clock?: Clock; preview?: boolean; webRoot?: string } = {},
): Promise<NestFastifyApplication> {
  // one request id for fastify, the log lines and the problem details: the caller's
  // X-Request-Id when it looks sane, else a new UUID; echoed in the response header
  const { TRUST_PROXY } = readEnvironment();
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // the client's address (rate limits, audit) from X-Forwarded-For, believed only from these proxies
    trustProxy: TRUST_PROXY ? proxyList(TRUST_PROXY) : false,
    genReqId: (req: IncomingMessage) => requestIdFor(req),
    // what the router refuses itself (a path parameter over 100 characters, bad percent-encoding)
    frameworkErrors: answerFrameworkError,
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    (request.raw as { id?: string }).id = request.id;
    reply.header('x-request-id', request.id);
    done();
  });
  // the request id and the signed-in user for everything the handler does (the audit log):
  // fastify calls the route's handler (Nest's guards, pipes, controller) inside this callback
  adapter.getInstance().addHook('preHandler', (request, _reply, done) => {
    runWithRequestContext(requestContextOf(request), done);
  });
  // one line per request; the app's root logger exists once the app is created (below)
  let requestLogger: RequestLogger | undefined;
  registerRequestLog(adapter.getInstance(), () => requestLogger);
  // JSON depth and U+0000 in any body, query or path refused with 400 before a handler sees them;
  // on the API's routes U+0000 by NulCharacterGuard (below), which names the other bad fields too
  registerInputLimits(adapter.getInstance(), { namedByGuard: (route) => route.startsWith(`/${API_PREFIX}/`) });
  registerCsvBodyParser(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(options), adapter, {
    bufferLogs: true,
    // preview: the module tree without instances (no database, no Redis), enough for the OpenAPI document
    preview: options.preview ?? false,
    abortOnError: !options.preview,
  });
  if (!options.preview) {
    app.useLogger(app.get(Logger));
    // outside any request's context: the root logger, the one every line goes through
    requestLogger = (await app.resolve(PinoLogger)).logger;
  }
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(new NulCharacterGuard());
  app.enableShutdownHooks();

  // built at the first request of /docs or /docs-json, not at boot: most processes (and every
  // test app) never ask for it, and building it walks every controller and DTO (~0.5-1 s)
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  if (!options.preview) await registerWebApp(app, options.webRoot);
  return app;
}

/**
 * The API's OpenAPI document, as /docs-json serves it. `npm run api:client` writes it to
 * apps/web/src/api/openapi.json and generates the web app's typed client from it.
 */
export function createOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bündel API')
      .setDescription(
        'Demand bundling for German public buyers. Errors are RFC 9457 problem details ' +
          '(application/problem+json); a 400 lists every bad field.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** Pending migrations (under an advisory lock) and the start-up data, when MIGRATIONS_RUN is on. */
export async function prepareDatabase(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.MIGRATIONS_RUN) return;
  const logger = app.get(Logger);
  const applied = await runMigrations(app.get(DataSource));
  if (applied.length) logger.log(`migrations applied: ${applied.join(', ')}`, 'Startup');
  await app.get(StartupTaskRunner).runAll();
}
