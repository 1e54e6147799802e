import { getMetadataStorage } from 'class-validator';
import { germanReason } from '@buendel/errors';
import * as contract from './contracts/http/contract.dto';
import * as evidence from './evidence/http/evidence.dto';
import * as framework from './frameworks/http/framework.dto';
import * as offer from './offers/offer.dto';
import * as record from './record/http/record.dto';
import * as tender from './tenders/http/tender.dto';

/**
 * every message a tendering DTO words itself, with the class and property it is on; not the
 * lists of allowed values (isIn: their German names the same values by the code IS_IN) and not
 * class-validator's own message of a nested object
 */
function customMessages(): Array<{ at: string; message: string }> {
  const classes = [contract, evidence, framework, offer, record, tender].flatMap((m) =>
    Object.values(m).filter((v): v is new () => object => typeof v === 'function'),
  );
  return classes.flatMap((c) =>
    getMetadataStorage()
      .getTargetValidationMetadatas(c, '', true, false)
      .filter((m) => typeof m.message === 'string' && m.message !== '')
      .filter((m) => m.name !== 'isIn' && !String(m.message).includes('$property'))
      .map((m) => ({ at: `${c.name}.${m.propertyName}`, message: m.message as string })),
  );
}

describe('the messages of the tendering DTOs', () => {
  it('are English, each with its German in the table of reasons (not guessed from the code)', () => {
    const messages = customMessages();
    expect(messages.length).toBeGreaterThan(20);
    expect(messages.filter(({ message }) => !germanReason({ field: 'x', reason: message }))).toEqual([]);
  });
});
