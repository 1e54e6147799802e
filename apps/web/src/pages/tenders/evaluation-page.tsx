import { formatDate, formatDateTime, formatEur, formatPoints, timeLeftLabel } from '@buendel/domain/display';
import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../../api/problem';
import {
  evaluationOpened,
  useAward,
  useConcludeContract,
  useInformationLetters,
  useOpenedOffers,
  useTender,
  useTenderContracts,
  type Contract,
  type InformationLetter,
  type LotOffers,
  type OpenedOffer,
  type Tender,
} from '../../api/tenders';
import { Alert } from '../../components/alert';
import { useNow } from '../../components/countdown';
import { DataTable, QueryList, type Column } from '../../components/data-table';
import { TextAreaField } from '../../components/form-fields';
import { TenderHeading, TenderLoadState } from './tender-page';

const points = (n: number | undefined) => (n === undefined ? '–' : formatPoints(n));

/**
 * The evaluation of the opened offers, lot by lot: the ranking with the score broken into price
 * and criteria points, the exclusions with their reasons, the award decision (the best offer,
 * or another with a written reason), the information letters of § 134 GWB with the standstill
 * counting down, and the contracts once it has ended.
 */
export function EvaluationPage() {
  const { id = '' } = useParams();
  const tender = useTender(id);
  const opened = evaluationOpened(tender.data?.status);
  const offers = useOpenedOffers(id, opened);
  const letters = useInformationLetters(id, opened);
  const contracts = useTenderContracts(id, opened);
  useEffect(() => {
    document.title = `Wertung: ${tender.data?.title ?? 'Vergabe'} – Bündel`;
  }, [tender.data?.title]);
  if (!tender.data) return <TenderLoadState query={tender} />;
  const t = tender.data;
  return (
    <div className="kern-stack">
      <TenderHeading tender={t} />
      <p className="kern-body">
        <Link className="kern-link" to={`/vergabe/${t.id}`}>
          Zurück zur Vergabe
        </Link>
      </p>
      {!opened ? (
        <Alert kind="info" title="Die Angebote sind noch nicht geöffnet.">
          <p className="kern-body">Vor der Öffnung sieht niemand ein Angebot.</p>
        </Alert>
      ) : (
        <QueryList
          query={offers}
          loading="Angebote werden geladen …"
          empty={(d) => (d.lots.length ? undefined : 'Keine Lose.')}
        >
          {(data) => (
            <>
              {data.lots.map((lot) => (
                <LotEvaluation
                  key={lot.lotId}
                  tender={t}
                  lot={lot}
                  letters={(letters.data?.items ?? []).filter((l) => l.lotId === lot.lotId)}
                  contracts={(contracts.data?.items ?? []).filter((c) => c.lotId === lot.lotId)}
                />
              ))}
            </>
          )}
        </QueryList>
      )}
    </div>
  );
}

/** a lot of the evaluation with what has happened to it since: the letters and the contracts */
interface LotState {
  tender: Tender;
  lot: LotOffers;
  letters: InformationLetter[];
  contracts: Contract[];
}

function LotEvaluation({ tender, lot, letters, contracts }: LotState) {
  const status = tender.lots.find((l) => l.id === lot.lotId)?.status ?? 'open';
  const headingId = useId();
  const awardable = status === 'open' && tender.status === 'opened' && lot.offers.some((o) => !o.excluded);
  return (
    <section aria-labelledby={headingId} className="kern-stack app-lot-evaluation" data-testid={`wertung-${lot.key}`}>
      <h2 className="kern-heading-medium" id={headingId}>
        {lot.title} ({lot.key})
      </h2>
      <p className="kern-body">
        Preis: {points(lot.priceWeight)} Punkte
        {lot.awardCriteria
          .map((c) => `; ${c.code}: ${points(c.weight)} Punkte${c.rule ? ` (${c.rule})` : ''}`)
          .join('')}
      </p>
      {lot.offers.length === 0 ? (
        <p className="kern-body">Für dieses Los ist kein Angebot eingegangen.</p>
      ) : awardable ? (
        <AwardForm tender={tender} lot={lot} />
      ) : (
        <Ranking lot={lot} />
      )}
      {status === 'unsuccessful' && (
        <p className="kern-body">
          Kein Zuschlag: das Los blieb ohne wertbares Angebot; seine Bedarfe sind wieder offen.
        </p>
      )}
      {letters.length > 0 && <Standstill tender={tender} lot={lot} letters={letters} contracts={contracts} />}
    </section>
  );
}

/** the award choice in the ranking's rows: one radio button per offer that was not excluded */
interface AwardChoice {
  name: string;
  selected: string;
  onSelect: (offerId: string) => void;
}

/** how an offer is named where it is chosen: rank, bidder, price and points */
const offerLabel = (o: OpenedOffer) =>
  `Rang ${o.score?.rank ?? '–'}: ${o.supplierName}, ${formatEur(o.totalEur)}, ${points(o.score?.totalPoints)} Punkte`;

/** the ranked offers of a lot, the score broken into price and criteria points; with the award choice while it is open */
function Ranking({ lot, choice }: { lot: LotOffers; choice?: AwardChoice }) {
  const columns: Array<Column<OpenedOffer>> = [
    { header: 'Rang', numeric: true, cell: (o) => (o.excluded ? '–' : (o.score?.rank ?? '–')) },
    { header: 'Bieter', cell: (o) => o.supplierName },
    { header: 'Angebotspreis', numeric: true, cell: (o) => formatEur(o.totalEur) },
    { header: 'Preispunkte', numeric: true, cell: (o) => points(o.score?.pricePoints) },
    {
      header: 'Kriterienpunkte',
      numeric: true,
      cell: (o) =>
        o.score
          ? `${points(o.score.criteriaPoints)}${
              Object.keys(o.score.criteriaBreakdown).length
                ? ` (${Object.entries(o.score.criteriaBreakdown)
                    .map(([code, p]) => `${code}: ${points(p)}`)
                    .join(', ')})`
                : ''
            }`
          : '–',
    },
    { header: 'Gesamtpunkte', numeric: true, cell: (o) => points(o.score?.totalPoints) },
    {
      header: 'Ausschluss',
      cell: (o) => (o.excluded ? `ausgeschlossen: ${o.exclusionReasons.join('; ')}` : '–'),
    },
  ];
  if (choice)
    columns.unshift({
      header: 'Zuschlag',
      cell: (o) =>
        o.excluded ? (
          '–'
        ) : (
          <input
            type="radio"
            name={choice.name}
            className="kern-form-check__radio"
            aria-label={offerLabel(o)}
            checked={choice.selected === o.offerId}
            onChange={() => choice.onSelect(o.offerId)}
          />
        ),
    });
  return (
    <DataTable
      testId={`rangfolge-${lot.key}`}
      caption={`Rangfolge der Angebote für ${lot.title}`}
      columns={columns}
      rows={lot.offers}
      rowKey={(o) => o.offerId}
    />
  );
}

/**
 * The award of a lot, chosen in the ranking itself (one table per lot, not the offers listed a
 * second time): the best offer by default; another needs a written reason (≥ 20 characters).
 */
function AwardForm({ tender, lot }: { tender: Tender; lot: LotOffers }) {
  const award = useAward(tender.id);
  const best = lot.offers.filter((o) => !o.excluded).sort((a, b) => (a.score?.rank ?? 99) - (b.score?.rank ?? 99))[0];
  const [offerId, setOfferId] = useState(best?.offerId ?? '');
  const [reason, setReason] = useState('');
  const name = useId();
  const errors = fieldErrors(award.error instanceof ApiError ? award.error.problem : undefined);
  const notBest = offerId !== best?.offerId;
  return (
    <form
      className="kern-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        award.mutate({ lotId: lot.lotId, offerId, ...(notBest ? { reason: reason.trim() } : {}) });
      }}
    >
      <fieldset className={`kern-fieldset${errors['offerId'] ? ' kern-fieldset--error' : ''}`}>
        <legend className="kern-label">Zuschlag für {lot.title}</legend>
        {award.isError && <Alert kind="danger" title={award.error.message} />}
        {errors['offerId'] && (
          <p className="kern-error" role="alert">
            <span className="kern-body">{errors['offerId']}</span>
          </p>
        )}
        <Ranking lot={lot} choice={{ name, selected: offerId, onSelect: setOfferId }} />
      </fieldset>
      {notBest && (
        <TextAreaField
          label="Begründung, warum nicht das bestbewertete Angebot (mindestens 20 Zeichen)"
          value={reason}
          onChange={setReason}
          error={errors['reason']}
        />
      )}
      <div className="kern-btn-wrapper">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={award.isPending || !offerId}>
          <span className="kern-label">Zuschlag für {lot.key} entscheiden</span>
        </button>
      </div>
    </form>
  );
}

/** the letters of § 134 GWB, the standstill counting down, then the conclusion of the contracts */
function Standstill({ tender, lot, letters, contracts }: LotState) {
  const now = useNow(5_000);
  const conclude = useConcludeContract(tender.id);
  const winner = letters.find((l) => l.outcome === 'awarded');
  const earliest = letters.reduce((m, l) => Math.max(m, Date.parse(l.earliestConclusionAt)), 0);
  const ended = now >= earliest;
  return (
    <div className="kern-stack">
      <p className="kern-body" data-testid={`zuschlag-${lot.key}`}>
        Zuschlag entschieden für <strong>{winner?.winnerName ?? letters[0]?.winnerName}</strong>.
      </p>
      <DataTable
        testId={`informationsschreiben-${lot.key}`}
        caption={`Informationsschreiben nach § 134 GWB für ${lot.title}`}
        columns={[
          { header: 'Bieter', cell: (l) => l.supplierName },
          { header: 'Ergebnis', cell: (l) => (l.outcome === 'awarded' ? 'Zuschlag' : 'kein Zuschlag') },
          { header: 'Rang', numeric: true, cell: (l) => l.rank ?? 'ausgeschlossen' },
          {
            header: 'Versandt',
            cell: (l) => `${formatDateTime(l.sentAt)} (${l.channel === 'electronic' ? 'elektronisch' : 'anders'})`,
          },
          {
            header: 'Schreiben',
            cell: (l) => (
              <details>
                <summary>{l.subject}</summary>
                <p className="kern-body app-letter">{l.body}</p>
              </details>
            ),
          },
        ]}
        rows={letters}
        rowKey={(l) => l.id}
      />
      {contracts.length === 0 ? (
        <div className="kern-stack" data-testid={`wartefrist-${lot.key}`}>
          <p className="kern-body">
            Wartefrist (§ 134 GWB): Der Vertrag darf frühestens am {formatDateTime(earliest)} geschlossen werden
            {ended ? ' – die Wartefrist ist abgelaufen.' : ` – ${timeLeftLabel(earliest, now)}.`}
          </p>
          {conclude.isError && <Alert kind="danger" title={conclude.error.message} />}
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={conclude.isPending}
              onClick={() => conclude.mutate(lot.lotId)}
            >
              <span className="kern-label">Verträge für {lot.key} schließen</span>
            </button>
          </div>
        </div>
      ) : (
        <DataTable
          testId={`vertraege-${lot.key}`}
          caption={`Verträge für ${lot.title}`}
          columns={[
            { header: 'Vertrag', cell: (c) => c.number },
            { header: 'Auftraggeber', cell: (c) => c.buyer.name },
            { header: 'Auftragnehmer', cell: (c) => c.supplier.name },
            { header: 'Wert (netto)', numeric: true, cell: (c) => formatEur(c.valueEur) },
            { header: 'Laufzeit', cell: (c) => `${formatDate(c.termFrom)} bis ${formatDate(c.termTo)}` },
            { header: 'Geschlossen', cell: (c) => formatDateTime(c.concludedAt) },
          ]}
          rows={contracts}
          rowKey={(c) => c.id}
        />
      )}
    </div>
  );
}
