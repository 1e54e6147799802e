import { InformationLetterInput, informationLetter, reasonsOfLoss } from './information-letter';
import { formatGermanDate } from './standstill';

const base: InformationLetterInput = {
  tenderTitle: 'E-Fahrzeuge Landkreis Zwickau',
  lotKey: '1',
  lotTitle: 'E-Transporter',
  contractingAuthority: 'Landkreis Zwickau',
  recipientName: 'Autohaus Beta GmbH',
  winnerName: 'Autohaus Alpha GmbH',
  won: false,
  offer: { excluded: false, exclusionReasons: [], rank: 2, totalPoints: 87.5 },
  winner: { rank: 1, totalPoints: 100 },
  departureReason: null,
  offersInLot: 3,
  earliestConclusionDate: '2026-12-12',
  standstillDays: 10,
  sentOn: '2026-12-01',
};

describe('information letter (§ 134 GWB)', () => {
  it('names the winner, the loser’s rank and score, and the earliest date of conclusion', () => {
    const letter = informationLetter(base);
    expect(letter.subject).toContain('Ihr Angebot wird nicht berücksichtigt');
    expect(letter.body).toContain('Der Zuschlag soll auf das Angebot von Autohaus Alpha GmbH erteilt werden.');
    expect(letter.reasons).toEqual([
      'Ihr Angebot belegt Rang 2 von 3 mit 87,50 von 100 Punkten; das Angebot von Autohaus Alpha GmbH erreicht 100,00 Punkte (Rang 1).',
    ]);
    expect(letter.body).toContain('frühestens am 12.12.2026');
    expect(letter.body).toContain('10 Kalendertagen');
    expect(letter.body).toContain('01.12.2026');
  });

  it('gives an excluded offer the reasons of its exclusion, in German', () => {
    const reasons = reasonsOfLoss({
      ...base,
      offer: {
        excluded: true,
        exclusionReasons: ['does not declare ZERO_EMISSION_VEHICLE', 'has a total price of zero'],
        rank: null,
        totalPoints: null,
      },
    });
    expect(reasons).toEqual([
      'Ihr Angebot wurde ausgeschlossen: das Kriterium ZERO_EMISSION_VEHICLE ist im Angebot nicht erklärt.',
      'Ihr Angebot wurde ausgeschlossen: der Gesamtpreis des Angebots ist null.',
    ]);
  });

  it('tells the best-ranked bidder why the award went to another offer', () => {
    const reasons = reasonsOfLoss({
      ...base,
      offer: { excluded: false, exclusionReasons: [], rank: 1, totalPoints: 100 },
      winner: { rank: 2, totalPoints: 97.04 },
      departureReason: 'Bieter B konnte die geforderte Lieferzeit nicht nachweisen.',
    });
    expect(reasons[1]).toBe(
      'Der Zuschlag geht nicht an das bestbewertete Angebot, weil: Bieter B konnte die geforderte Lieferzeit nicht nachweisen.',
    );
  });

  it('tells the winner that its offer is to be accepted, without reasons of loss', () => {
    const letter = informationLetter({ ...base, won: true, recipientName: 'Autohaus Alpha GmbH' });
    expect(letter.reasons).toEqual([]);
    expect(letter.subject).toContain('Zuschlag auf Ihr Angebot vorgesehen');
    expect(letter.body).toContain('Der Zuschlag soll auf Ihr Angebot erteilt werden.');
    expect(letter.body).not.toContain('Gründe');
  });

  it('says so when a national procedure has no standstill', () => {
    const letter = informationLetter({ ...base, standstillDays: 0, earliestConclusionDate: '2026-12-01' });
    expect(letter.body).toContain('keine Wartefrist');
    expect(letter.body).toContain('ab dem 01.12.2026');
  });

  it('writes dates the German way', () => {
    expect(formatGermanDate('2026-01-05')).toBe('05.01.2026');
    expect(() => formatGermanDate('5.1.2026')).toThrow();
  });
});
