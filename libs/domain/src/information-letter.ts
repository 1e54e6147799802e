import { formatGermanDate } from './standstill';

/**
 * The text of the information letter of § 134 Abs. 1 GWB to one bidder of a lot: the name of
 * the company whose offer is to be accepted, the reasons why the bidder's own offer is not to be
 * accepted (its rank and score, or why it was excluded), and the earliest date of conclusion.
 */
export interface InformationLetterInput {
  tenderTitle: string;
  lotKey: string;
  lotTitle: string;
  contractingAuthority: string;
  recipientName: string;
  winnerName: string;
  /** true for the winner's own letter */
  won: boolean;
  /** the recipient's offer */
  offer: { excluded: boolean; exclusionReasons: string[]; rank: number | null; totalPoints: number | null };
  /** the winner's offer */
  winner: { rank: number | null; totalPoints: number | null };
  /** the coordinator's written reason when the award went to another than the best-ranked offer */
  departureReason: string | null;
  offersInLot: number;
  /** Berlin date from which the contract may be concluded */
  earliestConclusionDate: string;
  /** calendar days of the standstill (0: none) */
  standstillDays: number;
  sentOn: string;
}

export interface InformationLetter {
  subject: string;
  /** why the offer lost, one reason per entry (empty for the winner) */
  reasons: string[];
  body: string;
}

const points = (p: number | null): string =>
  p === null ? '–' : p.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** an exclusion reason of the evaluation, as a German sentence part */
export function germanExclusionReason(reason: string): string {
  const declare = /^does not declare (\S+)$/.exec(reason);
  if (declare) return `das Kriterium ${declare[1]} ist im Angebot nicht erklärt`;
  if (reason === 'has a total price of zero') return 'der Gesamtpreis des Angebots ist null';
  return reason;
}

/** why the recipient's offer is not to be accepted (§ 134 Abs. 1 Satz 1 GWB) */
export function reasonsOfLoss(input: InformationLetterInput): string[] {
  if (input.won) return [];
  const { offer, winner } = input;
  if (offer.excluded)
    return offer.exclusionReasons.map((r) => `Ihr Angebot wurde ausgeschlossen: ${germanExclusionReason(r)}.`);
  const reasons = [
    `Ihr Angebot belegt Rang ${offer.rank ?? '–'} von ${input.offersInLot} mit ${points(offer.totalPoints)} von 100 Punkten; ` +
      `das Angebot von ${input.winnerName} erreicht ${points(winner.totalPoints)} Punkte (Rang ${winner.rank ?? '–'}).`,
  ];
  if (offer.rank === 1 && input.departureReason)
    reasons.push(`Der Zuschlag geht nicht an das bestbewertete Angebot, weil: ${input.departureReason}`);
  return reasons;
}

export function informationLetter(input: InformationLetterInput): InformationLetter {
  const reasons = reasonsOfLoss(input);
  const lot = `Los ${input.lotKey} (${input.lotTitle})`;
  const earliest = formatGermanDate(input.earliestConclusionDate);
  const subject = input.won
    ? `Vorabinformation nach § 134 GWB: Zuschlag auf Ihr Angebot vorgesehen – ${input.tenderTitle}, ${lot}`
    : `Vorabinformation nach § 134 GWB: Ihr Angebot wird nicht berücksichtigt – ${input.tenderTitle}, ${lot}`;
  const standstill =
    input.standstillDays > 0
      ? `Der Vertrag wird frühestens am ${earliest} geschlossen (Wartefrist von ${input.standstillDays} Kalendertagen ab dem Tag nach der Absendung dieser Information am ${formatGermanDate(input.sentOn)}, § 134 Abs. 2 GWB).`
      : `Für dieses Verfahren gilt keine Wartefrist; der Vertrag kann ab dem ${earliest} geschlossen werden.`;
  const lines = [
    `An: ${input.recipientName}`,
    `Von: ${input.contractingAuthority}`,
    '',
    `Sehr geehrte Damen und Herren,`,
    '',
    `in der gemeinsamen Ausschreibung „${input.tenderTitle}“ ist über ${lot} entschieden.`,
    input.won
      ? `Der Zuschlag soll auf Ihr Angebot erteilt werden.`
      : `Der Zuschlag soll auf das Angebot von ${input.winnerName} erteilt werden.`,
    ...(reasons.length
      ? ['', 'Gründe für die Nichtberücksichtigung Ihres Angebots:', ...reasons.map((r) => `- ${r}`)]
      : []),
    '',
    standstill,
    ...(input.won
      ? []
      : [
          '',
          'Bis zum Vertragsschluss kann ein Vergabeverstoß nach Rüge gegenüber dem Auftraggeber bei der zuständigen Vergabekammer zur Nachprüfung gestellt werden (§ 160 GWB).',
        ]),
    '',
    'Mit freundlichen Grüßen',
    input.contractingAuthority,
  ];
  return { subject, reasons, body: lines.join('\n') };
}
