import { Writable } from 'node:stream';
import fastify from 'fastify';
import pino from 'pino';
import { registerRequestLog } from './request-log';

describe('request log', () => {
  it('writes one line per request, its level by the status, none for /health, and the request id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, next) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        next();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const app = fastify({ genReqId: (req) => String(req.headers['x-request-id'] ?? 'none') });
    registerRequestLog(app, () => logger);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/missing', async (_request, reply) => reply.code(404).send({}));
    app.get('/broken', async () => {
      throw new Error('boom');
    });
    app.get('/health', async () => ({ status: 'ok' }));
    for (const url of ['/ok', '/missing', '/broken', '/health']) {
      await app.inject({ method: 'GET', url, headers: { 'x-request-id': `req${url.slice(1)}` } });
    }
    await app.close();
    expect(lines.map((l) => [l['level'], l['msg'], l['requestId'], l['req'], l['res']])).toEqual([
      [30, 'request completed', 'reqok', { id: 'reqok', method: 'GET', url: '/ok' }, { statusCode: 200 }],
      [
        40,
        'request completed',
        'reqmissing',
        { id: 'reqmissing', method: 'GET', url: '/missing' },
        { statusCode: 404 },
      ],
      [50, 'request errored', 'reqbroken', { id: 'reqbroken', method: 'GET', url: '/broken' }, { statusCode: 500 }],
    ]);
    expect(typeof lines[0]!['responseTime']).toBe('number');
  });

  it('builds nothing when the level is off', async () => {
    const logger = {
      isLevelEnabled: (level: string) => level === 'error',
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
    };
    const app = fastify();
    registerRequestLog(app, () => logger);
    app.get('/ok', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/ok' });
    await app.close();
    expect(logger.info).not.toHaveBeenCalled();
  });
});
