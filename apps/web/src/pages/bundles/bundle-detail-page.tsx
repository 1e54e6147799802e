import { bundleStatusLabel, formatDate, formatDateTime, formatEur, regimeShortLabel } from '@buendel/domain/display';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useBundle, useBundleEvents, useCloseBundle, type Bundle } from '../../api/bundles';
import { Alert } from '../../components/alert';
import { useTimeLeft } from '../../components/countdown';
import { CriterionNames } from '../../components/criterion-names';
import { CpvPrefixNames } from '../../components/cpv-prefix-names';
import { DataTable } from '../../components/data-table';
import { DistrictNames } from '../../components/district-names';
import { LiveBadge } from '../../components/live-badge';
import { useCurrentUser } from '../../lib/current-user';
import { AggregateLines, LotTable, RegimeSummary } from './aggregate-view';
import { JoinSection, LeaveSection } from './participation-sections';
import { TenderLink } from './tender-link';

/**
 * A bundle: its scope and deadline, the aggregate (lines, regime with threshold and legal
 * basis, lot proposal) kept live by the bundle's event stream, the participants for its
 * coordinator, and joining and leaving with a preview of what changes.
 */
export function BundleDetailPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const bundle = useBundle(id);
  const { live } = useBundleEvents(id);
  // what the last join or leave did, announced and focused (the section it came from is replaced)
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  useEffect(() => {
    document.title = `${bundle.data?.title ?? 'Bündel'} – Bündel`;
  }, [bundle.data?.title]);

  if (bundle.isPending) {
    return (
      <p className="kern-body" role="status">
        Bündel wird geladen …
      </p>
    );
  }
  if (bundle.isError) {
    return (
      <div className="kern-alert kern-alert--danger" role="alert">
        <div className="kern-alert__header">
          <span className="kern-title">
            {bundle.error.status === 404
              ? 'Dieses Bündel gibt es nicht oder Sie dürfen es nicht sehen.'
              : 'Das Bündel ließ sich nicht laden.'}
          </span>
        </div>
        <div className="kern-alert__body">
          <p className="kern-body">
            <Link className="kern-link" to="/buendel">
              Zur Übersicht der Bündel
            </Link>
          </p>
        </div>
      </div>
    );
  }
  const b = bundle.data;
  const isCoordinator = b.coordinatorOrganisationId === me.organisation.id;
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{b.title}</h1>
        <p className="kern-subline">
          {bundleStatusLabel(b.status)} · koordiniert von {b.coordinatorName}
        </p>
      </hgroup>
      <Deadline bundle={b} />
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">CPV-Bereich</dt>
          <dd className="kern-description-list-item__value">
            <CpvPrefixNames prefixes={b.cpvPrefixes} />
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Kreise</dt>
          <dd className="kern-description-list-item__value">
            <DistrictNames keys={b.districtKeys} />
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Lieferzeitraum</dt>
          <dd className="kern-description-list-item__value">
            {formatDate(b.deliveryFrom)} bis {formatDate(b.deliveryTo)}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Pflichtkriterien</dt>
          <dd className="kern-description-list-item__value">
            <CriterionNames codes={b.mandatoryCriteria} none="keine" />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="buendelung">
        <h2 className="kern-heading-medium" id="buendelung">
          Gebündelter Bedarf <LiveBadge live={live} />
        </h2>
        {b.aggregate ? (
          <>
            <LiveAnnouncement bundle={b} />
            <RegimeSummary aggregate={b.aggregate} />
            <AggregateLines aggregate={b.aggregate} caption="Summen je CPV-Code und Einheit" />
            <LotTable lots={b.aggregate.lots} caption="Losvorschlag (§ 97 Abs. 4 GWB)" />
            <p className="kern-body kern-body--small">
              Stand: {formatDateTime(b.aggregate.computedAt)}
              {b.aggregate.current ? '' : ' – eine neue Berechnung läuft'}
            </p>
          </>
        ) : (
          <p className="kern-body">Die erste Berechnung läuft.</p>
        )}
      </section>

      {isCoordinator && b.participants && (
        <section aria-labelledby="beteiligte-ueberschrift">
          <h2 className="kern-heading-medium" id="beteiligte-ueberschrift">
            Beteiligte Organisationen
          </h2>
          {b.participants.length === 0 ? (
            <p className="kern-body">Noch niemand ist beigetreten.</p>
          ) : (
            <DataTable
              testId="teilnehmer"
              caption="Beteiligte und ihr geschätzter Wert"
              columns={[
                { header: 'Organisation', cell: (p) => p.name },
                { header: 'Bedarfe', numeric: true, cell: (p) => p.demandCount },
                { header: 'Wert (netto)', numeric: true, cell: (p) => formatEur(p.estimatedValueEur) },
                {
                  header: 'Beschluss (Rat/Bürgermeister)',
                  cell: (p) => (p.mandate ? p.mandate.statusLabel : 'nicht nötig'),
                },
              ]}
              rows={b.participants}
              rowKey={(p) => p.organisationId}
            />
          )}
        </section>
      )}

      {isCoordinator && b.status === 'open' && <CloseSection bundle={b} onDone={setDone} />}
      <TenderLink bundle={b} isCoordinator={isCoordinator} />

      {done && (
        <div className="kern-alert kern-alert--success" role="status" ref={doneRef} tabIndex={-1}>
          <div className="kern-alert__header">
            <span className="kern-title">{done}</span>
          </div>
        </div>
      )}
      {(me.role === 'buyer' || me.role === 'coordinator') &&
        (b.myParticipation ? (
          <LeaveSection key="leave" bundle={b} onDone={setDone} />
        ) : (
          <JoinSection key="join" bundle={b} onDone={setDone} />
        ))}
    </div>
  );
}

function Deadline({ bundle }: { bundle: Bundle }) {
  const left = useTimeLeft(bundle.joinDeadline);
  return (
    <p className="kern-body" data-testid="frist">
      Beitrittsfrist: {formatDateTime(bundle.joinDeadline)}
      {bundle.status === 'open' ? ` (${left})` : ''}
    </p>
  );
}

/** tells screen readers when the total or the regime changed while the page is open */
function LiveAnnouncement({ bundle }: { bundle: Bundle }) {
  const aggregate = bundle.aggregate;
  const text = aggregate
    ? `Gesamtwert ${formatEur(aggregate.totalEstimatedValueEur)}, ${aggregate.participantCount} Beteiligte, Verfahren ${regimeShortLabel(aggregate.regime.scope)}`
    : '';
  return (
    <p className="app-visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </p>
  );
}

/** its coordinator closes the bundle before the deadline, after a confirmation */
function CloseSection({ bundle, onDone }: { bundle: Bundle; onDone: (message: string) => void }) {
  const close = useCloseBundle(bundle.id);
  const [asking, setAsking] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  return (
    <section aria-labelledby="schliessen-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="schliessen-ueberschrift">
        Vorzeitig schließen
      </h2>
      {close.isError && <Alert kind="danger" title={close.error.message} />}
      {!asking ? (
        <div className="kern-btn-wrapper">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setAsking(true)}>
            <span className="kern-label">Bündel vorzeitig schließen</span>
          </button>
        </div>
      ) : (
        <>
          <p className="kern-body" ref={question} tabIndex={-1}>
            Wenn Sie das Bündel jetzt schließen, kann niemand mehr beitreten oder austreten: Die Mengen werden
            festgeschrieben und die Beteiligungen verbindlich. Wirklich schließen?
          </p>
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={close.isPending}
              onClick={() =>
                // not mutate's own onSuccess: the section is gone once the bundle is closed
                void close.mutateAsync().then(
                  () => onDone('Das Bündel ist geschlossen.'),
                  () => undefined,
                )
              }
            >
              <span className="kern-label">Jetzt schließen</span>
            </button>
            <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setAsking(false)}>
              <span className="kern-label">Abbrechen</span>
            </button>
          </div>
        </>
      )}
    </section>
  );
}
