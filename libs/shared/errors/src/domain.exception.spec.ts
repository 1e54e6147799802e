import {
  codesWithoutGerman,
  COMMON_ERROR_KINDS,
  COMMON_ERRORS_DE,
  ErrorKind,
  ErrorKinds,
  ErrorsInGerman,
  exceptionsFor,
} from './domain.exception';

enum Code {
  Closed = 'CLOSED',
  Late = 'LATE',
}
const KINDS: ErrorKinds<Code> = { [Code.Closed]: ErrorKind.Conflict, [Code.Late]: ErrorKind.Conflict };
const DE: ErrorsInGerman<Code> = {
  [Code.Closed]: 'Das Bündel ist geschlossen.',
  [Code.Late]: 'Die Frist ist abgelaufen.',
};
const error = exceptionsFor(KINDS, DE);

describe('the German detail of a domain exception', () => {
  it("is the throw's de where it gives one", () => {
    const e = error(Code.Closed, 'The bundle is closed', { de: 'Das Bündel „Papier“ ist geschlossen.' });
    expect(e.message).toBe('The bundle is closed');
    expect(e.germanDetail).toBe('Das Bündel „Papier“ ist geschlossen.');
  });

  it("is the code's German otherwise, however the message is worded (no guessing of its language)", () => {
    expect(error(Code.Late, 'The deadline has passed').germanDetail).toBe('Die Frist ist abgelaufen.');
    expect(error(Code.Late, 'Die Frist für Los 1 ist abgelaufen und nicht mehr offen').germanDetail).toBe(
      'Die Frist ist abgelaufen.',
    );
  });

  it('has German for every common code', () => {
    expect(codesWithoutGerman(COMMON_ERROR_KINDS, COMMON_ERRORS_DE)).toEqual([]);
  });

  it('names the codes whose German is missing or blank, and German of no code', () => {
    const broken = { [Code.Closed]: ' ', OTHER: 'Anderes.' } as unknown as ErrorsInGerman<Code>;
    expect(codesWithoutGerman(KINDS, broken)).toEqual([Code.Closed, Code.Late, 'OTHER']);
  });
});
