import { formatDate, formatEur, regimeLabel } from '@buendel/domain/display';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCriteria } from '../../api/bundles';
import {
  useOwnEvidence,
  useOwnReceipts,
  usePublishedTender,
  type OfferReceipt,
  type Tender,
  type TenderLot,
} from '../../api/offers';
import { useInformationLetters } from '../../api/tenders';
import { Alert } from '../../components/alert';
import { Countdown, useNow } from '../../components/countdown';
import { OfferForm } from './offer-form';
import { criteriaOfLot, LetterView, LotCriteria, LotItems, ReceiptView } from './tender-view';

/**
 * A published tender as a supplier reads it: procedure, deadline with the time left, and per
 * lot its items (quantities, delivery places), its criteria per phase and the offer form. The
 * supplier's latest receipt per lot stands above the form, which then replaces the offer; after
 * the deadline the forms are gone (the API refuses late offers too).
 */
export function TenderOfferPage() {
  const { id = '' } = useParams();
  const tender = usePublishedTender(id);
  const receipts = useOwnReceipts(id);
  const catalogue = useCriteria();
  const evidence = useOwnEvidence();
  const now = useNow(5_000);
  // after the opening, the award decisions' letters to this bidder (404: none to it)
  const letters = useInformationLetters(id, Boolean(tender.data && tender.data.status !== 'published'));
  useEffect(() => {
    document.title = `${tender.data?.title ?? 'Ausschreibung'} – Bündel`;
  }, [tender.data?.title]);
  const byCode = useMemo(() => new Map((catalogue.data?.items ?? []).map((c) => [c.code, c])), [catalogue.data]);

  if (tender.isPending)
    return (
      <p className="kern-body" role="status">
        Ausschreibung wird geladen …
      </p>
    );
  if (tender.isError)
    return (
      <Alert
        kind="danger"
        title={
          tender.error.status === 404
            ? 'Diese Ausschreibung gibt es nicht oder sie ist nicht veröffentlicht.'
            : tender.error.message
        }
      >
        <p className="kern-body">
          <Link className="kern-link" to="/markt/ausschreibungen">
            Zu den Ausschreibungen
          </Link>
        </p>
      </Alert>
    );
  const t = tender.data;
  const open = t.status === 'published' && new Date(t.submissionDeadline).getTime() > now;
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{t.title}</h1>
        <p className="kern-body">{t.procedureLabel}</p>
      </hgroup>
      {t.description && <p className="kern-body">{t.description}</p>}
      <Countdown label="Angebotsfrist" deadline={t.submissionDeadline} now={now} />
      {!open && (
        <Alert kind="info" title="Die Angebotsfrist ist abgelaufen.">
          <p className="kern-body">Angebote lassen sich nicht mehr abgeben oder ersetzen.</p>
        </Alert>
      )}
      <TenderFacts tender={t} />
      <nav aria-label="Lose dieser Ausschreibung">
        <ul className="kern-list">
          {t.lots.map((lot) => (
            <li key={lot.id}>
              <a className="kern-link" href={`#los-${lot.key}`}>
                {lot.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {receipts.isError && <Alert kind="warning" title="Ihre Eingangsbestätigungen ließen sich nicht laden." />}
      {t.lots.map((lot) => (
        <LotSection
          key={lot.id}
          tender={t}
          lot={lot}
          open={open}
          receipt={receipts.data?.find((r) => r.lotId === lot.id)}
          letters={(letters.data?.items ?? []).filter((l) => l.lotId === lot.id)}
          catalogue={byCode}
          evidence={evidence.data ?? []}
        />
      ))}
    </div>
  );
}

function TenderFacts({ tender }: { tender: Tender }) {
  return (
    <dl className="kern-description-list">
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Verfahren</dt>
        <dd className="kern-description-list-item__value">{regimeLabel(tender.regime)}</dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Geschätzter Gesamtwert</dt>
        <dd className="kern-description-list-item__value">
          {formatEur(tender.estimatedValueEur, { wholeEuros: true })}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Veröffentlicht am</dt>
        <dd className="kern-description-list-item__value">{formatDate(tender.publishedAt)}</dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Lose</dt>
        <dd className="kern-description-list-item__value">{tender.lots.length}</dd>
      </div>
    </dl>
  );
}

function LotSection({
  tender,
  lot,
  open,
  receipt,
  letters,
  catalogue,
  evidence,
}: {
  tender: Tender;
  lot: TenderLot;
  open: boolean;
  receipt: OfferReceipt | undefined;
  letters: Parameters<typeof LetterView>[0]['letter'][];
  catalogue: Parameters<typeof OfferForm>[0]['catalogue'];
  evidence: Parameters<typeof OfferForm>[0]['evidence'];
}) {
  const criteria = criteriaOfLot(tender.criteria, lot);
  // the receipt of a submission just made takes the focus (the form stays, to replace it)
  const [fresh, setFresh] = useState<OfferReceipt>();
  const receiptRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fresh) receiptRef.current?.focus();
  }, [fresh]);
  const shown = fresh && (!receipt || receipt.version <= fresh.version) ? fresh : receipt;
  return (
    <section className="kern-stack" aria-labelledby={`los-${lot.key}`}>
      <h2 className="kern-heading-medium" id={`los-${lot.key}`} tabIndex={-1}>
        {lot.title}
      </h2>
      <p className="kern-body">Geschätzter Wert: {formatEur(lot.estimatedValueEur, { wholeEuros: true })}</p>
      {letters.map((l) => (
        <LetterView key={l.id} letter={l} />
      ))}
      <LotItems lot={lot} />
      <LotCriteria lot={lot} criteria={criteria} />
      <div ref={receiptRef} tabIndex={-1}>
        {shown &&
          (fresh === shown ? (
            <Alert
              kind="success"
              title={shown.version > 1 ? 'Ihr Angebot ist ersetzt.' : 'Ihr Angebot ist eingegangen.'}
            >
              <ReceiptView receipt={shown} heading={`Eingangsbestätigung für ${lot.title}`} />
            </Alert>
          ) : (
            <ReceiptView receipt={shown} heading={`Ihr Angebot für ${lot.title}`} sealed={open} />
          ))}
      </div>
      {open && (
        <OfferForm
          tenderId={tender.id}
          lot={lot}
          criteria={criteria}
          catalogue={catalogue}
          evidence={evidence}
          replacing={Boolean(shown)}
          onReceipt={setFresh}
        />
      )}
    </section>
  );
}
