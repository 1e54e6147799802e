import { formatDate, formatEur } from '@buendel/domain/display';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  useJoin,
  useJoinPreview,
  useLeave,
  useLeavePreview,
  useOpenDemands,
  type Bundle,
  type Demand,
  type ParticipationPreview,
} from '../../api/bundles';
import type { ApiError } from '../../api/problem';
import { PreviewTable } from './aggregate-view';

/** moves the focus to the element once it is shown (a preview, a result), for keyboard and screen reader users */
function useFocusWhenShown<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  return ref;
}

function ProblemAlert({ error, demands }: { error: ApiError | null; demands?: Demand[] }) {
  if (!error) return null;
  const reasons = (error.problem?.errors ?? []).map((e) => {
    const m = /^demandIds\.(\d+)/.exec(e.field);
    const demand = m && demands ? demands[Number(m[1])] : undefined;
    return demand ? `${demand.title}: ${e.reason}` : e.reason;
  });
  return (
    <div className="kern-alert kern-alert--danger" role="alert">
      <div className="kern-alert__header">
        <span className="kern-title">{error.message}</span>
      </div>
      {reasons.length > 0 && (
        <div className="kern-alert__body">
          <ul className="kern-body">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function PreviewResult({ preview, action }: { preview: ParticipationPreview; action: 'join' | 'leave' }) {
  const ref = useFocusWhenShown<HTMLHeadingElement>(preview);
  return (
    <div className="kern-stack">
      <h3 className="kern-heading-small" ref={ref} tabIndex={-1}>
        Vorschau: {action === 'join' ? 'Beitritt' : 'Austritt'}
      </h3>
      <PreviewTable before={preview.before} after={preview.after} />
      <p className="kern-body" data-testid="vorschau-hinweis">
        {preview.regimeChanges
          ? preview.after.regime.scope === 'EU'
            ? 'Mit dieser Änderung erreicht das Bündel den EU-Schwellenwert: Es wird EU-weit ausgeschrieben.'
            : 'Mit dieser Änderung fällt das Bündel unter den EU-Schwellenwert: Es wird national ausgeschrieben.'
          : 'Das Verfahren bleibt gleich.'}{' '}
        Der Gesamtwert ändert sich um {formatEur(preview.totalChangeEur)}.
      </p>
    </div>
  );
}

/**
 * Joining: the organisation's open demands to choose from, the preview of what the join
 * changes, then the binding join. Works by keyboard alone: checkboxes, then the buttons in
 * order; the focus moves to the preview and to the result.
 */
export function JoinSection({ bundle, onDone }: { bundle: Bundle; onDone: (message: string) => void }) {
  const open = bundle.status === 'open' && new Date(bundle.joinDeadline).getTime() > Date.now();
  const demands = useOpenDemands(open);
  const preview = useJoinPreview(bundle.id);
  const join = useJoin(bundle.id);
  const [chosen, setChosen] = useState<string[]>([]);

  if (!open) return null;
  const items = demands.data?.items ?? [];
  const chosenDemands = chosen.map((id) => items.find((d) => d.id === id)).filter((d): d is Demand => !!d);

  const toggle = (id: string, on: boolean) => {
    preview.reset();
    setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));
  };
  const onPreview = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length) preview.mutate(chosen);
  };

  return (
    <section aria-labelledby="beitreten" className="kern-stack">
      <h2 className="kern-heading-medium" id="beitreten">
        Beitreten
      </h2>
      {demands.isPending ? (
        <p className="kern-body" role="status">
          Ihre offenen Bedarfe werden geladen …
        </p>
      ) : items.length === 0 ? (
        <p className="kern-body">Ihre Organisation hat keine offenen Bedarfe, die beitreten könnten.</p>
      ) : (
        <form onSubmit={onPreview} className="kern-stack" noValidate>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">Welche Bedarfe sollen beitreten?</legend>
            <div className="kern-fieldset__body">
              {items.map((d) => (
                <div className="kern-form-check" key={d.id}>
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={`bedarf-${d.id}`}
                    checked={chosen.includes(d.id)}
                    onChange={(e) => toggle(d.id, e.target.checked)}
                  />
                  <label className="kern-label" htmlFor={`bedarf-${d.id}`}>
                    {d.title} ({d.cpvCode}, {formatEur(d.estimatedValueEur)}, Lieferung {formatDate(d.deliveryFrom)} bis{' '}
                    {formatDate(d.deliveryTo)})
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <ProblemAlert error={preview.error} demands={chosenDemands} />
          <div className="kern-btn-wrapper">
            <button
              type="submit"
              className="kern-btn kern-btn--secondary"
              disabled={chosen.length === 0 || preview.isPending}
            >
              <span className="kern-label">Vorschau anzeigen</span>
            </button>
          </div>
        </form>
      )}
      {preview.data && (
        <>
          <PreviewResult preview={preview.data} action="join" />
          <ProblemAlert error={join.error} demands={chosenDemands} />
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--primary"
              disabled={join.isPending}
              onClick={() =>
                join.mutate(preview.data.demandIds.length ? preview.data.demandIds : chosen, {
                  onSuccess: () => onDone('Ihre Organisation ist dem Bündel beigetreten.'),
                })
              }
            >
              <span className="kern-label">Verbindlich beitreten</span>
            </button>
          </div>
          <p className="kern-body kern-body--small">
            Bis zur Beitrittsfrist können Sie wieder austreten; danach ist die Beteiligung bindend.
          </p>
        </>
      )}
    </section>
  );
}

/** Leaving before the deadline: the preview of what the leave changes, then the leave. */
export function LeaveSection({ bundle, onDone }: { bundle: Bundle; onDone: (message: string) => void }) {
  const preview = useLeavePreview(bundle.id);
  const leave = useLeave(bundle.id);
  const mine = bundle.myParticipation;
  if (!mine) return null;
  return (
    <section aria-labelledby="beteiligung" className="kern-stack">
      <h2 className="kern-heading-medium" id="beteiligung">
        Ihre Beteiligung
      </h2>
      <p className="kern-body">
        Ihre Organisation ist seit {formatDate(mine.joinedAt)} mit {mine.demandIds.length}{' '}
        {mine.demandIds.length === 1 ? 'Bedarf' : 'Bedarfen'} beteiligt.
        {mine.binding ? ' Die Beteiligung ist bindend.' : ''}
      </p>
      {!mine.binding && (
        <>
          <div className="kern-btn-wrapper">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={preview.isPending}
              onClick={() => preview.mutate()}
            >
              <span className="kern-label">Austritt prüfen</span>
            </button>
          </div>
          <ProblemAlert error={preview.error} />
          {preview.data && (
            <>
              <PreviewResult preview={preview.data} action="leave" />
              <ProblemAlert error={leave.error} />
              <div className="kern-btn-wrapper">
                <button
                  type="button"
                  className="kern-btn kern-btn--primary"
                  disabled={leave.isPending}
                  onClick={() =>
                    leave.mutate(undefined, {
                      onSuccess: () => onDone('Ihre Organisation ist aus dem Bündel ausgetreten.'),
                    })
                  }
                >
                  <span className="kern-label">Austreten</span>
                </button>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}
