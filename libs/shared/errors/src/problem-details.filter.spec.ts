import { ArgumentsHost, Logger } from '@nestjs/common';
import { EformsInputError, InvalidCpvCodeError, InvalidInputError, InvalidTransitionError } from '@buendel/domain';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';
import { unavailableDependency, UNAVAILABLE_RETRY_AFTER_SECONDS } from './unavailable';
import { ErrorKind, exceptionsFor } from './domain.exception';

function answer(
  error: unknown,
  headers: Record<string, string> = {},
): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const out = { status: 0, body: {} as Record<string, unknown>, headers: {} as Record<string, string> };
  const reply = {
    status(code: number) {
      out.status = code;
      return reply;
    },
    header: (name: string, value: string) => ((out.headers[name] = value), reply),
    send(body: Record<string, unknown>) {
      out.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url: '/x', headers }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return out;
}

describe('ProblemDetailsFilter and the rules of the domain', () => {
  // the 500 below is logged on purpose; the log line is not what this spec checks
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a refused input with 400 and its field, never 500', () => {
    const { status, body } = answer(new InvalidInputError('lines[2].unit', 'not a unit code: "x"'));
    expect(status).toBe(400);
    expect(body['errors']).toEqual([{ field: 'lines[2].unit', reason: 'not a unit code: "x"' }]);
  });

  it('answers a transition the status machine forbids with 409', () => {
    expect(answer(new InvalidTransitionError('demand', 'awarded', 'open', [])).status).toBe(409);
  });

  it('answers any other broken rule with 422 and its code', () => {
    const { status, body } = answer(new InvalidCpvCodeError('00', 'the division cannot be 00'));
    expect(status).toBe(422);
    expect(body['code']).toBe('INVALID_CPV_CODE');
  });

  it('answers missing data of an eForms notice with 400 naming every piece, in English or German', () => {
    const missing = new EformsInputError([
      {
        field: 'organisations.o1.address',
        reason: 'Buyer "Stadt Zwickau": the address is missing',
        de: 'Auftraggeber „Stadt Zwickau“: die Anschrift fehlt',
      },
      { field: 'lots.l1.nuts3', reason: 'Lot "Los 1": no NUTS-3 place', de: 'Los „Los 1“: kein NUTS-3-Ort' },
    ]);
    const english = answer(missing, { 'accept-language': 'en' });
    expect(english.status).toBe(400);
    expect(english.body).toMatchObject({ code: 'EFORMS_INPUT_INCOMPLETE' });
    expect(english.body['detail']).toMatch(/^The eForms notice lacks data: Buyer "Stadt Zwickau"/);
    expect(english.body['errors']).toEqual([
      {
        field: 'organisations.o1.address',
        reason: 'Buyer "Stadt Zwickau": the address is missing',
        code: 'EFORMS_MISSING',
      },
      { field: 'lots.l1.nuts3', reason: 'Lot "Los 1": no NUTS-3 place', code: 'EFORMS_MISSING' },
    ]);
    const german = answer(missing, { 'accept-language': 'de' });
    expect(german.body['detail']).toBe('Für die eForms-Bekanntmachung fehlen Angaben; die Felder nennen sie.');
    expect(german.body['errors']).toEqual([
      {
        field: 'organisations.o1.address',
        reason: 'Auftraggeber „Stadt Zwickau“: die Anschrift fehlt',
        code: 'EFORMS_MISSING',
      },
      { field: 'lots.l1.nuts3', reason: 'Los „Los 1“: kein NUTS-3-Ort', code: 'EFORMS_MISSING' },
    ]);
  });

  it('still hides the details of an unexpected error behind a 500', () => {
    const { status, body } = answer(new Error('connection string postgres://secret'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers a domain exception with the status of its code, with its fields and extensions', () => {
    enum Code {
      Taken = 'TAKEN',
      Bad = 'BAD',
    }
    const fail = exceptionsFor<Code>(
      { [Code.Taken]: ErrorKind.Conflict, [Code.Bad]: ErrorKind.Validation },
      { [Code.Taken]: 'Schon vergeben.', [Code.Bad]: 'Ungültige Angaben.' },
    );
    const taken = answer(fail(Code.Taken, 'Taken already', { extensions: { id: 'x-1' } }));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'TAKEN', id: 'x-1', type: 'https://buendel.example/problems/taken' });
    const bad = answer(fail(Code.Bad, 'Bad input', { errors: [{ field: 'name', reason: 'must not be empty' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body['errors']).toEqual([{ field: 'name', reason: 'must not be empty' }]);
  });

  describe('in German, for a client that asks for it (the web app)', () => {
    enum Code {
      Closed = 'CLOSED',
    }
    const fail = exceptionsFor<Code>(
      { [Code.Closed]: ErrorKind.Conflict },
      { [Code.Closed]: 'Die Frist ist abgelaufen.' },
    );
    const german = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' };

    it("words a domain exception's detail with its code's German, and keeps the English for others", () => {
      const error = fail(Code.Closed, 'The deadline has passed');
      expect(answer(error, german).body).toMatchObject({ detail: 'Die Frist ist abgelaufen.', title: 'Konflikt' });
      expect(answer(error, { 'accept-language': 'en' }).body).toMatchObject({ detail: 'The deadline has passed' });
    });

    it('prefers the German of the throw (its own `de`); the message is never taken for German', () => {
      const precise = fail(Code.Closed, 'The deadline passed on 2027-01-10', { de: 'Die Frist endete am 10.01.2027.' });
      expect(answer(precise, german).body['detail']).toBe('Die Frist endete am 10.01.2027.');
      expect(answer(precise, { 'accept-language': 'en' }).body['detail']).toBe('The deadline passed on 2027-01-10');
      const worded = fail(Code.Closed, 'Die Angebotsfrist endete am 10.01.2027 (§ 55 VgV)');
      expect(answer(worded, german).body['detail']).toBe('Die Frist ist abgelaufen.');
    });
  });

  describe('a database error the request caused', () => {
    const pgError = (code: string) =>
      new QueryFailedError('INSERT ...', [], Object.assign(new Error(`pg error ${code}`), { code }));
    it.each([
      ['23505', 'ALREADY_EXISTS', 'Einen Eintrag mit diesen Angaben gibt es schon.'],
      [
        '40001',
        'CONCURRENT_UPDATE',
        'Eine gleichzeitige Änderung ist dazwischengekommen. Bitte versuchen Sie es noch einmal.',
      ],
      [
        '40P01',
        'CONCURRENT_UPDATE',
        'Eine gleichzeitige Änderung ist dazwischengekommen. Bitte versuchen Sie es noch einmal.',
      ],
    ])('answers PostgreSQL %s with 409 %s, in German where German is asked for', (pg, code, german) => {
      const de = answer(pgError(pg), { 'accept-language': 'de-DE,de;q=0.9' });
      expect(de.status).toBe(409);
      expect(de.body).toMatchObject({ code, title: 'Konflikt', detail: german });
      const en = answer(pgError(pg), { 'accept-language': 'en' });
      expect(en.body['code']).toBe(code);
      expect(en.body['detail']).not.toBe(german);
      expect(JSON.stringify(de.body)).not.toContain('pg error');
    });
  });

  describe('a dependency that is down', () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    it.each([
      ['a refused PostgreSQL connection from the pool', refused(), 'postgres'],
      [
        'a query on a dropped connection',
        new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
        'postgres',
      ],
      [
        'a server shutting down (57P01)',
        new QueryFailedError(
          'SELECT 1',
          [],
          Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
        ),
        'postgres',
      ],
      ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect'), 'postgres'],
      [
        'both addresses of localhost refused',
        Object.assign(new AggregateError([refused(), refused()], ''), { code: 'ECONNREFUSED' }),
        'postgres',
      ],
      ['ioredis failing fast', new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'redis'],
      [
        'ioredis giving up',
        Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
          name: 'MaxRetriesPerRequestError',
        }),
        'redis',
      ],
    ])('answers %s with 503, Retry-After and what is down', (_, error, dependency) => {
      const { status, body, headers } = answer(error);
      expect(status).toBe(503);
      expect(headers['retry-after']).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      expect(body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency });
      expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    });

    it('keeps other database errors a 500', () => {
      expect(
        unavailableDependency(
          new QueryFailedError('SELECT x', [], Object.assign(new Error('column x does not exist'), { code: '42703' })),
        ),
      ).toBeUndefined();
      expect(
        answer(new QueryFailedError('SELECT x', [], Object.assign(new Error('syntax'), { code: '42601' }))).status,
      ).toBe(500);
    });
  });
});
