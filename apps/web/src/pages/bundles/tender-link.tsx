import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Bundle } from '../../api/bundles';
import { useDraftTender } from '../../api/tenders';
import { Alert } from '../../components/alert';
import { berlinInstant, berlinParts } from '../../lib/berlin-time';

/** the deadline a new draft proposes: 35 days ahead at noon, Berlin time (beyond every minimum period) */
function proposedDeadline(now = Date.now()): string {
  const { date } = berlinParts(new Date(now + 35 * 86_400_000).toISOString());
  return berlinInstant(date, '12:00') ?? new Date(now + 35 * 86_400_000).toISOString();
}

/**
 * The bundle's joint tender: a link to it once there is one; for the coordinator of a closed
 * bundle without one, the draft (its lots from the bundle's proposal, edited on the tender's page).
 */
export function TenderLink({ bundle, isCoordinator }: { bundle: Bundle; isCoordinator: boolean }) {
  const draft = useDraftTender(bundle.id);
  const navigate = useNavigate();
  if (bundle.tenderId)
    return (
      <TenderSection>
        <p className="kern-body">
          <Link className="kern-link" to={`/vergabe/${bundle.tenderId}`}>
            Zur Ausschreibung dieses Bündels
          </Link>
        </p>
      </TenderSection>
    );
  if (!isCoordinator || bundle.status !== 'closed') return null;
  return (
    <TenderSection>
      <p className="kern-body">
        Das Bündel ist geschlossen. Entwerfen Sie die gemeinsame Ausschreibung: Lose, Kriterien und Frist legen Sie im
        Entwurf fest.
      </p>
      {draft.isError && <Alert kind="danger" title={draft.error.message} />}
      <div className="kern-btn-wrapper">
        <button
          type="button"
          className="kern-btn kern-btn--primary"
          disabled={draft.isPending}
          onClick={() =>
            void draft.mutateAsync(proposedDeadline()).then(
              (tender) => navigate(`/vergabe/${tender.id}`),
              () => undefined,
            )
          }
        >
          <span className="kern-label">Ausschreibung entwerfen</span>
        </button>
      </div>
    </TenderSection>
  );
}

function TenderSection({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="ausschreibung-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="ausschreibung-ueberschrift">
        Ausschreibung
      </h2>
      {children}
    </section>
  );
}
