import { ArgumentsHost } from '@nestjs/common';
import { InvalidCpvCodeError, InvalidInputError, InvalidTransitionError } from '@buendel/domain';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ErrorKind, exceptionsFor } from './domain.exception';

function answer(error: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const reply = {
    status(code: number) {
      out.status = code;
      return reply;
    },
    header: () => reply,
    send(body: Record<string, unknown>) {
      out.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url: '/x' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return out;
}

describe('ProblemDetailsFilter and the rules of the domain', () => {
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
    const fail = exceptionsFor<Code>({ [Code.Taken]: ErrorKind.Conflict, [Code.Bad]: ErrorKind.Validation });
    const taken = answer(fail(Code.Taken, 'Taken already', { extensions: { id: 'x-1' } }));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'TAKEN', id: 'x-1', type: 'https://buendel.example/problems/taken' });
    const bad = answer(fail(Code.Bad, 'Bad input', { errors: [{ field: 'name', reason: 'must not be empty' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body['errors']).toEqual([{ field: 'name', reason: 'must not be empty' }]);
  });
});
