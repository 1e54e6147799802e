import { formatDateTime, formatEur, regimeLabel, tenderStatusLabel, timeLeftLabel } from '@buendel/domain/display';
import { useEffect, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useNotices, useTender, type Tender } from '../../api/tenders';
import { Alert } from '../../components/alert';
import { useNow } from '../../components/countdown';
import { useCurrentUser } from '../../lib/current-user';
import { CriteriaTable, LotsOverview } from './tender-parts';
import { TenderDraft } from './tender-draft';
import { OpeningSection } from './opening-section';

/** what a tender's page shows while it loads or when it failed */
export function TenderLoadState({ query }: { query: ReturnType<typeof useTender> }) {
  if (query.isPending)
    return (
      <p className="kern-body" role="status">
        Vergabe wird geladen …
      </p>
    );
  return (
    <Alert
      kind="danger"
      title={
        query.error?.status === 404
          ? 'Diese Vergabe gibt es nicht oder Sie dürfen sie nicht sehen.'
          : 'Die Vergabe ließ sich nicht laden.'
      }
    >
      <p className="kern-body">
        <Link className="kern-link" to="/vergabe">
          Zur Übersicht der Vergaben
        </Link>
      </p>
    </Alert>
  );
}

/**
 * A joint tender, by its status: the coordinator edits the draft (lots, items, criteria per
 * phase and lot, deadline) and publishes it after a last check; while it is published the
 * offers stay sealed until the deadline, then two people of the coordinating organisation
 * open them (EU procedures); once opened the evaluation page ranks them and decides the award.
 */
export function TenderPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const tender = useTender(id);
  useEffect(() => {
    document.title = `${tender.data?.title ?? 'Vergabe'} – Bündel`;
  }, [tender.data?.title]);
  if (!tender.data) return <TenderLoadState query={tender} />;
  const t = tender.data;
  const isCoordinator = t.coordinatorOrganisationId === me.organisation.id;
  return (
    <div className="kern-stack">
      <TenderHeading tender={t} />
      <TenderFacts tender={t} />
      {isCoordinator && t.status === 'draft' ? (
        <TenderDraft tender={t} />
      ) : (
        <>
          <LotsOverview tender={t} />
          <CriteriaTable tender={t} />
        </>
      )}
      {t.status === 'published' && <SealedNotice tender={t} />}
      {isCoordinator && t.status === 'published' && <OpeningSection tender={t} />}
      {isCoordinator && (t.status === 'opened' || t.status === 'awarded') && (
        <section aria-labelledby="wertung-ueberschrift" className="kern-stack">
          <h2 className="kern-heading-medium" id="wertung-ueberschrift">
            Wertung und Zuschlag
          </h2>
          <p className="kern-body">
            <Link className="kern-link" to={`/vergabe/${t.id}/wertung`}>
              Zur Wertung der Angebote, zum Zuschlag und zu den Verträgen
            </Link>
          </p>
          <p className="kern-body">
            <Link className="kern-link" to={`/vergabe/${t.id}/nachweise`}>
              Nachweise der bezuschlagten Angebote prüfen
            </Link>
          </p>
        </section>
      )}
      {isCoordinator && t.status !== 'draft' && <Downloads tender={t} />}
    </div>
  );
}

export function TenderHeading({ tender }: { tender: Tender }) {
  return (
    <hgroup className="kern-hgroup">
      <h1 className="kern-heading-large">{tender.title}</h1>
      <p className="kern-subline" data-testid="vergabe-status">
        {tenderStatusLabel(tender.status)} · {tender.procedureLabel}
      </p>
    </hgroup>
  );
}

function TenderFacts({ tender }: { tender: Tender }) {
  const now = useNow();
  return (
    <dl className="kern-description-list">
      <Fact label="Verfahrensart">{tender.procedureLabel}</Fact>
      <Fact label="Verfahren nach Wert">{regimeLabel(tender.regime)}</Fact>
      <Fact label="Geschätzter Wert (netto)">{formatEur(tender.estimatedValueEur)}</Fact>
      <Fact label="Angebotsfrist">
        <span data-testid="angebotsfrist">
          {formatDateTime(tender.submissionDeadline)}
          {tender.status === 'published' ? ` (${timeLeftLabel(tender.submissionDeadline, now)})` : ''}
        </span>
      </Fact>
      {tender.publishedAt && <Fact label="Veröffentlicht">{formatDateTime(tender.publishedAt)}</Fact>}
      {tender.openedAt && <Fact label="Angebote geöffnet">{formatDateTime(tender.openedAt)}</Fact>}
      <Fact label="Bündel">
        <Link className="kern-link" to={`/buendel/${tender.bundleId}`}>
          Zum Bündel
        </Link>
      </Fact>
    </dl>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{label}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

/** until the deadline nobody sees an offer: not the coordinator, not the other bidders */
function SealedNotice({ tender }: { tender: Tender }) {
  const now = useNow(5_000);
  const running = Date.parse(tender.submissionDeadline) > now;
  return (
    <Alert kind="info" title={running ? 'Die Angebote sind verschlossen' : 'Die Angebotsfrist ist abgelaufen'}>
      <p className="kern-body" data-testid="verschlossen">
        {running
          ? `Bis zum Ablauf der Angebotsfrist am ${formatDateTime(tender.submissionDeadline)} sieht niemand ein Angebot (§ 55 VgV).`
          : tender.regime.scope === 'EU'
            ? 'Die Angebote werden von zwei Personen Ihrer Organisation geöffnet (§ 55 Abs. 2 VgV).'
            : 'Die Angebote öffnen sich mit Ablauf der Frist von selbst.'}
      </p>
    </Alert>
  );
}

/** the documents of the procedure: record (Vergabevermerk), OCDS, eForms notices, spreadsheets */
function Downloads({ tender }: { tender: Tender }) {
  const base = `/api/v1/tenders/${encodeURIComponent(tender.id)}`;
  const notices = useNotices(tender.id, tender.regime.scope === 'EU');
  const opened = tender.status === 'opened' || tender.status === 'awarded';
  return (
    <section aria-labelledby="downloads-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="downloads-ueberschrift">
        Dokumente
      </h2>
      <ul className="kern-list" data-testid="downloads">
        <li>
          <a className="kern-link" href={`${base}/record?format=pdf`} download>
            Vergabevermerk (PDF)
          </a>
        </li>
        <li>
          <a className="kern-link" href={`${base}/record?format=html`} target="_blank" rel="noreferrer">
            Vergabevermerk zum Drucken (HTML, neues Fenster)
          </a>
        </li>
        <li>
          <a className="kern-link" href={`${base}/ocds`} download={`ocds-${tender.id}.json`}>
            OCDS-Veröffentlichung (JSON)
          </a>
        </li>
        {opened && (
          <li>
            <a className="kern-link" href={`${base}/evaluation.xlsx`} download>
              Wertung (Excel)
            </a>
          </li>
        )}
        {tender.status === 'awarded' && (
          <li>
            <a className="kern-link" href={`${base}/contracts.xlsx`} download>
              Verträge und Zuteilungen (Excel)
            </a>
          </li>
        )}
        {(notices.data?.items ?? []).map((n) => (
          <li key={n.id}>
            <a className="kern-link" href={n.xmlPath} download>
              eForms-{NOTICE_KINDS[n.kind] ?? n.kind} Nr. {n.version} vom {formatDateTime(n.createdAt)} (XML)
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

const NOTICE_KINDS: Record<string, string> = {
  contract: 'Auftragsbekanntmachung',
  change: 'Änderungsbekanntmachung',
  award: 'Vergabebekanntmachung',
};
