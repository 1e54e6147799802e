import { formatDateTime } from '@buendel/domain/display';
import { useId, useState } from 'react';
import { ApiError, fieldErrors } from '../../api/problem';
import { useConfirmOpening, useOrganisationUsers, useStartOpening, type Tender } from '../../api/tenders';
import { Alert } from '../../components/alert';
import { useNow } from '../../components/countdown';
import { useCurrentUser } from '../../lib/current-user';

/**
 * The two-person opening of an EU procedure (§ 55 Abs. 2 VgV): after the deadline one person
 * of the coordinating organisation begins it (naming a witness where it is the only
 * coordinator), a second, distinct person confirms it; only then does anyone see an offer.
 */
export function OpeningSection({ tender }: { tender: Tender }) {
  const me = useCurrentUser();
  const now = useNow(2_000);
  const start = useStartOpening(tender.id);
  const confirm = useConfirmOpening(tender.id);
  const users = useOrganisationUsers(me.organisation.id, tender.regime.scope === 'EU');
  const [witness, setWitness] = useState('');
  const selectId = useId();
  if (tender.regime.scope !== 'EU') return null;
  const running = Date.parse(tender.submissionDeadline) > now;
  const opening = tender.opening;
  const startErrors = fieldErrors(start.error instanceof ApiError ? start.error.problem : undefined);
  const others = (users.data?.items ?? []).filter((u) => u.id !== me.id && u.active !== false);
  return (
    <section aria-labelledby="oeffnung-ueberschrift" className="kern-stack" data-testid="oeffnung">
      <h2 className="kern-heading-medium" id="oeffnung-ueberschrift">
        Öffnung der Angebote (zwei Personen)
      </h2>
      {running ? (
        <p className="kern-body">
          Die Öffnung ist erst nach Ablauf der Angebotsfrist am {formatDateTime(tender.submissionDeadline)} möglich.
        </p>
      ) : !opening ? (
        <form
          className="kern-stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            start.mutate(witness || undefined);
          }}
        >
          <p className="kern-body">
            Sie beginnen die Öffnung; eine zweite Person Ihrer Organisation bestätigt sie. Sind Sie die einzige
            koordinierende Person, benennen Sie eine zweite Person Ihrer Organisation.
          </p>
          {start.isError && !startErrors['witnessUserId'] && <Alert kind="danger" title={start.error.message} />}
          <div className={`kern-form-input${startErrors['witnessUserId'] ? ' kern-form-input--error' : ''}`}>
            <label className="kern-label" htmlFor={selectId}>
              Zweite Person (freiwillig)
            </label>
            {startErrors['witnessUserId'] && (
              <p className="kern-error" id={`${selectId}-fehler`} role="alert">
                <span className="kern-body">{startErrors['witnessUserId']}</span>
              </p>
            )}
            <select
              id={selectId}
              className="kern-form-input__select"
              value={witness}
              aria-describedby={startErrors['witnessUserId'] ? `${selectId}-fehler` : undefined}
              onChange={(e) => setWitness(e.target.value)}
            >
              <option value="">jede andere koordinierende Person</option>
              {others.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </div>
          <div className="kern-btn-wrapper">
            <button type="submit" className="kern-btn kern-btn--primary" disabled={start.isPending}>
              <span className="kern-label">Öffnung beginnen</span>
            </button>
          </div>
        </form>
      ) : opening.startedBy.id === me.id ? (
        <p className="kern-body" data-testid="oeffnung-wartet">
          Sie haben die Öffnung am {formatDateTime(opening.startedAt)} begonnen. Es bestätigt{' '}
          {opening.witness ? opening.witness.name : 'eine zweite Person Ihrer Organisation'}; bis dahin bleiben die
          Angebote verschlossen.
        </p>
      ) : (
        <div className="kern-stack">
          <p className="kern-body">
            {opening.startedBy.name} hat die Öffnung am {formatDateTime(opening.startedAt)} begonnen. Als zweite Person
            bestätigen Sie sie; dann sind die Angebote geöffnet und beide Namen stehen im Vergabevermerk.
          </p>
          {confirm.isError && <Alert kind="danger" title={confirm.error.message} />}
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={confirm.isPending}
              onClick={() => confirm.mutate()}
            >
              <span className="kern-label">Öffnung bestätigen</span>
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
