import { formatDate, formatNumber, formatQuantity, frameworkStatusLabel, unitLabel } from '@buendel/domain/display';
import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import {
  consumptionWorkbookUrl,
  useCallOff,
  useFramework,
  type ConsumptionRow,
  type Framework,
} from '../../api/frameworks';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { Facts } from '../../components/facts';
import { TextField } from '../../components/text-field';
import { useCurrentUser } from '../../lib/current-user';
import { errorsOf, germanNumber } from '../../lib/form-input';

/**
 * A framework agreement: its term and suppliers, the consumption per lot, item and participant
 * (estimated, maximum, called off, left; the coordinator sees every participant, a participant
 * its own), and for a participant the form to call off within what is left.
 */
export function FrameworkPage() {
  const { id = '' } = useParams();
  const query = useFramework(id);
  useEffect(() => {
    document.title = `${query.data?.framework.title ?? 'Rahmenvereinbarung'} – Bündel`;
  }, [query.data?.framework.title]);
  return (
    <QueryList query={query} loading="Rahmenvereinbarung wird geladen …" empty={() => undefined}>
      {({ framework, consumption }) => (
        <div className="kern-stack">
          <h1 className="kern-heading-large">{framework.title}</h1>
          <Facts
            testId="rahmenvereinbarung"
            items={[
              ['Nummer', framework.number],
              ['Laufzeit', `${formatDate(framework.termFrom)} bis ${formatDate(framework.termTo)}`],
              ['Stand', frameworkStatusLabel(framework.status)],
              ['Koordination', framework.coordinatorName],
            ]}
          />
          {framework.lots.map((lot) => (
            <p className="kern-body" key={lot.id}>
              Rahmenvertragspartner {lot.title}: {lot.suppliers.map((s) => `${s.rank}. ${s.name}`).join(', ')}
            </p>
          ))}
          <section className="kern-stack" aria-labelledby="verbrauch">
            <h2 className="kern-heading-medium" id="verbrauch">
              Verbrauch
            </h2>
            <DataTable
              caption="Geschätzt, Höchstmenge, abgerufen und verbleibend je Los, Position und Organisation"
              testId="verbrauch"
              rows={consumption}
              rowKey={(r) => `${r.itemId}|${r.organisationId}`}
              columns={[
                { header: 'Los', cell: (r) => lotTitle(framework, r) },
                { header: 'Position', cell: (r) => r.cpvLabel },
                { header: 'Organisation', cell: (r) => r.organisationName },
                { header: 'Geschätzt', numeric: true, cell: (r) => formatQuantity(r.estimatedQuantity, r.unit) },
                { header: 'Höchstmenge', numeric: true, cell: (r) => formatQuantity(r.maximumQuantity, r.unit) },
                { header: 'Abgerufen', numeric: true, cell: (r) => formatQuantity(r.calledOffQuantity, r.unit) },
                { header: 'Verbleibend', numeric: true, cell: (r) => formatQuantity(r.leftQuantity, r.unit) },
                { header: 'Ausgeschöpft', numeric: true, cell: (r) => `${formatNumber(r.usedPercent)} %` },
              ]}
            />
            <p className="kern-body">
              <a className="kern-link" href={consumptionWorkbookUrl(framework.id)} download>
                Verbrauch als Excel-Datei herunterladen
              </a>
            </p>
          </section>
          {framework.mayCallOff && framework.status === 'active' && (
            <CallOffForm framework={framework} consumption={consumption} />
          )}
        </div>
      )}
    </QueryList>
  );
}

function lotTitle(framework: Framework, row: ConsumptionRow): string {
  return framework.lots.find((l) => l.id === row.lotId)?.title ?? row.lotKey;
}

/** a direct call-off from the first-ranked supplier: one quantity per item, at most what is left */
function CallOffForm({ framework, consumption }: { framework: Framework; consumption: ConsumptionRow[] }) {
  const me = useCurrentUser();
  const own = consumption.filter((r) => r.organisationId === me.organisationId);
  const lots = framework.lots.filter((l) => own.some((r) => r.lotId === l.id));
  const [lotId, setLotId] = useState(lots[0]?.id ?? '');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const callOff = useCallOff(framework.id);
  const rows = own.filter((r) => r.lotId === lotId);
  const errors = { ...fieldErrors(callOff.error?.problem), ...localError };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const items: Array<{ itemId: string; quantity: number }> = [];
    const bad: Record<string, string> = {};
    rows.forEach((r) => {
      const text = quantities[r.itemId] ?? '';
      const n = germanNumber(text);
      if (n === undefined) return;
      if (!(n > 0)) bad[`items.${r.itemId}`] = 'Bitte eine Menge größer als null eingeben.';
      else items.push({ itemId: r.itemId, quantity: n });
    });
    if (!items.length && !Object.keys(bad).length)
      bad['items'] = 'Bitte für mindestens eine Position eine Menge eingeben.';
    setLocalError(bad);
    if (Object.keys(bad).length) return;
    callOff.mutate({ lotId, items }, { onSuccess: () => setQuantities({}) });
  };
  const problem = callOff.error?.problem;
  return (
    <section className="kern-stack" aria-labelledby="abruf">
      <h2 className="kern-heading-medium" id="abruf">
        Abrufen
      </h2>
      <p className="kern-body">
        Der Abruf geht an den erstplatzierten Rahmenvertragspartner des Loses und ist ein eigener Vertrag Ihrer
        Organisation. Mehr als die verbleibende Menge lehnt Bündel ab.
      </p>
      <form onSubmit={submit} noValidate className="kern-stack">
        {callOff.isError && (
          <Alert
            kind="danger"
            title={callOff.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : 'Abruf nicht möglich'}
          >
            {callOff.error.status !== 400 && <p className="kern-body">{problem?.detail ?? callOff.error.message}</p>}
          </Alert>
        )}
        {callOff.isSuccess && (
          <Alert kind="success" title={`Abruf ${callOff.data.number} erteilt.`}>
            <p className="kern-body">
              Lieferant: {framework.lots.find((l) => l.id === callOff.data.lotId)?.suppliers[0]?.name ?? '–'}
            </p>
          </Alert>
        )}
        {errors['items'] && <Alert kind="warning" title={errors['items']} />}
        {lots.length > 1 && (
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="abruf-los">
              Los
            </label>
            <select
              id="abruf-los"
              className="kern-form-input__select"
              value={lotId}
              onChange={(e) => setLotId(e.target.value)}
            >
              {lots.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.title}
                </option>
              ))}
            </select>
          </div>
        )}
        {rows.map((r, i) => (
          <TextField
            key={r.itemId}
            label={`Menge in ${unitLabel(r.unit)}: ${r.cpvLabel}`}
            hint={`noch ${formatQuantity(r.leftQuantity, r.unit)} abrufbar (Höchstmenge ${formatQuantity(r.maximumQuantity, r.unit)})`}
            inputMode="decimal"
            value={quantities[r.itemId] ?? ''}
            onChange={(e) => setQuantities({ ...quantities, [r.itemId]: e.target.value })}
            error={errors[`items.${r.itemId}`] ?? errorsOf(errors, `items.${i}`)}
          />
        ))}
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={callOff.isPending}>
            <span className="kern-label">Abrufen</span>
          </button>
        </div>
      </form>
    </section>
  );
}
