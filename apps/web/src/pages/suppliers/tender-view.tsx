import { formatDateTime, formatEur, formatNumber, formatQuantity } from '@buendel/domain/display';
import type { OfferReceipt, TenderCriterion, TenderItem, TenderLot } from '../../api/offers';
import type { components } from '../../api/schema';
import { useDistrictNames, useMunicipalityNames } from '../../api/districts';
import { DataTable } from '../../components/data-table';

export const PHASE_LABELS: Record<TenderCriterion['phase'], string> = {
  specification: 'Leistungsbeschreibung (Mindestanforderung)',
  qualification: 'Eignung',
  award: 'Zuschlagskriterium',
  performance: 'Ausführungsbedingung',
};

const PHASE_ORDER: Array<TenderCriterion['phase']> = ['qualification', 'specification', 'award', 'performance'];

/** an item by its product specification, else its CPV label ("E-Transporter 3,5 t") */
export function itemName(item: Pick<TenderItem, 'specificationText' | 'cpvLabel' | 'cpvCode'>): string {
  return item.specificationText ?? item.cpvLabel ?? item.cpvCode;
}

/** the criteria that apply to a lot, in the order of the phases */
export function criteriaOfLot(criteria: readonly TenderCriterion[], lot: TenderLot): TenderCriterion[] {
  return PHASE_ORDER.flatMap((phase) => criteria.filter((c) => c.phase === phase && c.lotKeys.includes(lot.key)));
}

/** a lot's items: what, CPV, how many, where to deliver */
export function LotItems({ lot }: { lot: TenderLot }) {
  const districtName = useDistrictNames(lot.items.flatMap((i) => (i.districtKey ? [i.districtKey] : [])));
  const placeName = useMunicipalityNames(lot.items.flatMap((i) => i.deliveryAgs));
  return (
    <DataTable
      caption={`Positionen von ${lot.title}`}
      testId={`positionen-${lot.key}`}
      rows={lot.items}
      rowKey={(i) => i.id}
      columns={[
        { header: 'Leistung', cell: itemName },
        { header: 'CPV', cell: (i) => `${i.cpvCode} ${i.cpvLabel}` },
        { header: 'Menge', numeric: true, cell: (i) => formatQuantity(i.quantity, i.unit) },
        { header: 'Lieferkreis', cell: (i) => (i.districtKey ? districtName(i.districtKey) : '–') },
        { header: 'Lieferorte', cell: (i) => i.deliveryAgs.map(placeName).join(', ') },
        {
          header: 'Geschätzter Wert',
          numeric: true,
          cell: (i) => formatEur(i.estimatedValueEur, { wholeEuros: true }),
        },
      ]}
    />
  );
}

/** a lot's criteria per phase, with weights, limits and scoring rules in words */
export function LotCriteria({ lot, criteria }: { lot: TenderLot; criteria: TenderCriterion[] }) {
  if (criteria.length === 0) return <p className="kern-body">Für dieses Los gelten keine Kriterien außer dem Preis.</p>;
  return (
    <DataTable
      caption={`Kriterien von ${lot.title} (Preis: ${formatNumber(lot.priceWeight)} Punkte)`}
      testId={`kriterien-${lot.key}`}
      rows={criteria}
      rowKey={(c) => `${c.phase}|${c.code}`}
      columns={[
        { header: 'Kriterium', cell: (c) => c.name },
        { header: 'Phase', cell: (c) => PHASE_LABELS[c.phase] },
        { header: 'Anforderung oder Bewertung', cell: (c) => c.rule ?? c.detail ?? '–' },
        { header: 'Gewichtung', numeric: true, cell: (c) => (c.weight ? `${formatNumber(c.weight)} Punkte` : '–') },
      ]}
    />
  );
}

/** what a supplier keeps of a sealed submission: version, time and the salted SHA-256 digest */
export function ReceiptView({
  receipt,
  heading,
  sealed = true,
}: {
  receipt: Pick<OfferReceipt, 'version' | 'submittedAt' | 'digest' | 'salt'>;
  heading: string;
  /** false once the submission deadline has passed: the receipt then no longer speaks of the seal to come */
  sealed?: boolean;
}) {
  return (
    <div className="kern-stack" data-testid="eingangsbestaetigung">
      <p className="kern-title">{heading}</p>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Version</dt>
          <dd className="kern-description-list-item__value">{receipt.version}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Eingegangen am</dt>
          <dd className="kern-description-list-item__value">{formatDateTime(receipt.submittedAt)}</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Prüfsumme (SHA-256)</dt>
          <dd className="kern-description-list-item__value">
            <code data-testid="pruefsumme" className="app-digest">
              {receipt.digest}
            </code>
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Salz</dt>
          <dd className="kern-description-list-item__value">
            <code className="app-digest">{receipt.salt}</code>
          </dd>
        </div>
      </dl>
      <p className="kern-body kern-body--small">
        {sealed && 'Das Angebot ist versiegelt; niemand kann es vor Ablauf der Angebotsfrist lesen. '}
        Bewahren Sie Prüfsumme und Salz auf: Mit ihnen weisen Sie nach, was Sie eingereicht haben.
      </p>
    </div>
  );
}

type InformationLetter = components['schemas']['InformationLetterDto'];

/** the bidder's information letter of a lot (§ 134 GWB): the outcome, the winner, the reasons, the earliest conclusion */
export function LetterView({ letter }: { letter: InformationLetter }) {
  const won = letter.outcome === 'awarded';
  return (
    <div className="kern-stack" data-testid={`vorabinformation-${letter.lotKey}`}>
      <p className="kern-title">
        {won
          ? 'Vorabinformation: Der Zuschlag soll auf Ihr Angebot erteilt werden.'
          : `Vorabinformation: Der Zuschlag soll auf das Angebot von ${letter.winnerName} erteilt werden.`}
      </p>
      {!won && letter.reasons.length > 0 && (
        <ul className="kern-list" aria-label="Gründe">
          {letter.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <p className="kern-body">
        Gesendet am {formatDateTime(letter.sentAt)}; der Vertrag darf frühestens am{' '}
        {formatDateTime(letter.earliestConclusionAt)} geschlossen werden.
      </p>
      <details>
        <summary className="kern-body">Das Schreiben im Wortlaut: {letter.subject}</summary>
        <p className="kern-body" style={{ whiteSpace: 'pre-line' }}>
          {letter.body}
        </p>
      </details>
    </div>
  );
}
