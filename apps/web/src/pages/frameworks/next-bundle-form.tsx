import { formatDate, formatQuantity } from '@buendel/domain/display';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useNextBundle, type Framework } from '../../api/frameworks';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable } from '../../components/data-table';
import { TextField } from '../../components/text-field';
import { berlinInstant, berlinParts } from '../../lib/berlin-time';

/** the day after a calendar date (`2028-12-31` → `2029-01-01`) */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The coordinator's "next bundle from consumption": a bundle for the next term and for every
 * participant a draft demand per item from its call-offs, scaled to the next term. The term
 * defaults to the day after this one and as long as it; the join deadline is asked for.
 */
export function NextBundleForm({ framework }: { framework: Framework }) {
  const id = useId();
  const next = useNextBundle(framework.id);
  const [form, setForm] = useState(() => ({
    title: '',
    termFrom: nextDay(framework.termTo),
    termTo: '',
    deadlineDate: berlinParts(new Date(Date.now() + 28 * 86_400_000).toISOString()).date,
    deadlineTime: '12:00',
  }));
  const [local, setLocal] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const api = fieldErrors(next.error?.problem);
  const errors = { ...api, ...local };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [field]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const joinDeadline = berlinInstant(form.deadlineDate, form.deadlineTime);
    const problems: Record<string, string> = {};
    if (!joinDeadline) problems['joinDeadline'] = 'Bitte Tag und Uhrzeit der Beitrittsfrist angeben.';
    setLocal(problems);
    if (!joinDeadline) {
      next.reset();
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    next.mutate(
      {
        joinDeadline,
        ...(form.termFrom ? { termFrom: form.termFrom } : {}),
        ...(form.termTo ? { termTo: form.termTo } : {}),
        ...(form.title.trim() ? { title: form.title.trim() } : {}),
      },
      { onSettled: () => requestAnimationFrame(() => summaryRef.current?.focus()) },
    );
  };
  const done = next.data;
  return (
    <section className="kern-stack" aria-labelledby={`${id}-titel`}>
      <h2 className="kern-heading-medium" id={`${id}-titel`}>
        Nächstes Bündel aus dem Verbrauch
      </h2>
      <p className="kern-body">
        Bündel legt ein Bündel für die nächste Laufzeit an und für jede beteiligte Organisation einen Entwurf je
        Position: die abgerufene Menge, auf die neue Laufzeit hochgerechnet, zum Rahmenpreis des erstplatzierten
        Partners. Die Organisationen prüfen ihre Entwürfe und treten bis zur Frist bei.
      </p>
      <form onSubmit={submit} noValidate className="kern-stack">
        <div ref={summaryRef} tabIndex={-1}>
          {next.isError && (
            <Alert
              kind="danger"
              title={
                next.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : 'Kein Folgebündel angelegt'
              }
            >
              {next.error.status !== 400 && <p className="kern-body">{next.error.message}</p>}
            </Alert>
          )}
          {done && (
            <Alert kind="success" title={`Bündel „${done.title}“ angelegt.`}>
              <p className="kern-body">
                Laufzeit {formatDate(done.termFrom)} bis {formatDate(done.termTo)}, {done.demands.length}{' '}
                Bedarfsentwürfe.{' '}
                <Link className="kern-link" to={`/buendel/${done.bundleId}`}>
                  Zum neuen Bündel
                </Link>
              </p>
            </Alert>
          )}
        </div>
        <TextField
          label="Titel (optional)"
          hint="Ohne Angabe: der Titel der Rahmenvereinbarung mit der neuen Laufzeit"
          value={form.title}
          maxLength={200}
          onChange={set('title')}
          error={errors['title']}
        />
        <TextField
          label="Neue Laufzeit ab"
          type="date"
          value={form.termFrom}
          onChange={set('termFrom')}
          error={errors['termFrom']}
        />
        <TextField
          label="Neue Laufzeit bis (optional)"
          hint="Ohne Angabe: so lang wie die jetzige Laufzeit"
          type="date"
          value={form.termTo}
          onChange={set('termTo')}
          error={errors['termTo']}
        />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">Beitrittsfrist des neuen Bündels (Uhrzeit in Berlin)</legend>
          <div className="kern-fieldset__body kern-stack">
            <TextField
              label="Tag der Beitrittsfrist"
              type="date"
              value={form.deadlineDate}
              onChange={set('deadlineDate')}
              error={errors['joinDeadline']}
            />
            <TextField
              label="Uhrzeit der Beitrittsfrist"
              type="time"
              value={form.deadlineTime}
              onChange={set('deadlineTime')}
            />
          </div>
        </fieldset>
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={next.isPending}>
            <span className="kern-label">Nächstes Bündel anlegen</span>
          </button>
        </div>
      </form>
      {done && done.demands.length > 0 && (
        <DataTable
          caption="Bedarfsentwürfe des neuen Bündels"
          testId="folgebuendel-bedarfe"
          rows={done.demands}
          rowKey={(d) => d.id}
          columns={[
            { header: 'Organisation', cell: (d) => d.organisationName },
            { header: 'CPV', cell: (d) => d.cpvCode },
            { header: 'Geschätzte Menge', numeric: true, cell: (d) => formatQuantity(d.quantity, d.unit) },
          ]}
        />
      )}
      {done && done.skipped.length > 0 && (
        <Alert kind="warning" title="Ohne Lieferort übersprungen">
          <ul className="kern-list">
            {done.skipped.map((s) => (
              <li key={`${s.organisationId}|${s.cpvCode}`}>
                {s.organisationName} ({s.cpvCode}): {s.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </section>
  );
}
