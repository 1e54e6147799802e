import {
  DEMAND_STATUS_LABELS,
  demandStatusLabel,
  formatCount,
  formatDate,
  formatEur,
  formatQuantity,
} from '@buendel/domain/display';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  useCommonUnits,
  useCpvSearch,
  useCreateDemand,
  useDemands,
  useUpdateDemand,
  useWithdrawDemand,
  type Demand,
  type NewDemand,
} from '../../api/demands';
import { fieldErrors } from '../../api/problem';
import { DeliveryWindowFields } from '../../components/delivery-window-fields';
import { RowButton } from '../../components/row-button';
import { TextField } from '../../components/text-field';
import { DataTable, QueryList, type Column } from '../../components/data-table';
import { Pager } from '../../components/pager';
import { StatusFilter } from '../../components/status-filter';
import { amountOrNull, givenOrNull } from '../../lib/form-input';
import { pageCount, useListParams } from '../../lib/list-params';

const STATUSES = Object.keys(DEMAND_STATUS_LABELS) as Array<Demand['status']>;

/** a demand in a list: title, CPV code, quantity, value, delivery and status */
export const DEMAND_COLUMNS: Array<Column<Demand>> = [
  { header: 'Titel', cell: (d) => d.title },
  { header: 'CPV-Code', cell: (d) => d.cpvCode },
  { header: 'Menge', numeric: true, cell: (d) => formatQuantity(d.quantity, d.unit) },
  { header: 'Geschätzter Wert', numeric: true, cell: (d) => formatEur(d.estimatedValueEur) },
  { header: 'Lieferung', cell: (d) => `${formatDate(d.deliveryFrom)} bis ${formatDate(d.deliveryTo)}` },
  { header: 'Status', cell: (d) => demandStatusLabel(d.status) },
];

/** the statuses in which a demand may still change (the API refuses it once its bundle is closed) */
const CHANGEABLE: ReadonlyArray<Demand['status']> = ['draft', 'open', 'bundled'];

/**
 * The organisation's demands: a list with a status filter and pages, recording a new one,
 * changing one (the same form, filled with it), withdrawing.
 */
export function DemandsPage() {
  const { params, page, set } = useListParams();
  const status = (params.get('status') as Demand['status'] | null) ?? undefined;
  const demands = useDemands({ ...(status ? { status } : {}), page });
  const withdraw = useWithdrawDemand();
  const [editing, setEditing] = useState<Demand>();
  useEffect(() => {
    document.title = 'Bedarfe – Bündel';
  }, []);
  const totalPages = pageCount(demands.data);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Bedarfe</h1>
      <DemandForm key={editing?.id ?? 'neu'} editing={editing} onDone={() => setEditing(undefined)} />
      <section aria-labelledby="liste" className="kern-stack">
        <h2 className="kern-heading-medium" id="liste">
          Bedarfe Ihrer Organisation
        </h2>
        <StatusFilter
          id="bedarf-status"
          statuses={STATUSES}
          label={demandStatusLabel}
          value={status}
          onChange={(s) => set('status', s)}
        />
        {withdraw.error && (
          <div className="kern-alert kern-alert--danger" role="alert">
            <div className="kern-alert__header">
              <span className="kern-title">{withdraw.error.message}</span>
            </div>
          </div>
        )}
        <QueryList
          query={demands}
          loading="Bedarfe werden geladen …"
          empty={(d) => (d.items.length ? undefined : 'Keine Bedarfe gefunden.')}
        >
          {(data) => (
            <DataTable
              testId="bedarfe"
              caption={`${formatCount(data.total, 'Bedarf', 'Bedarfe')}, Seite ${data.page} von ${totalPages}`}
              columns={[
                ...DEMAND_COLUMNS,
                {
                  header: 'Aktion',
                  action: true,
                  cell: (d) =>
                    CHANGEABLE.includes(d.status) && (
                      <>
                        <RowButton label="Bearbeiten" row={d.title} onClick={() => setEditing(d)} />{' '}
                        <RowButton
                          label="Zurückziehen"
                          row={d.title}
                          disabled={withdraw.isPending}
                          onClick={() => withdraw.mutate(d.id)}
                        />
                      </>
                    ),
                },
              ]}
              rows={data.items}
              rowKey={(d) => d.id}
            />
          )}
        </QueryList>
        {demands.data && <Pager page={page} totalPages={totalPages} onPage={(p) => set('seite', String(p))} />}
      </section>
    </div>
  );
}

/** a CPV search-as-you-type: German words or a code; the choice sets the code */
function CpvField({ value, onChange, error }: { value: string; onChange: (code: string) => void; error?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  const results = useCpvSearch(text);
  const listId = `${id}-treffer`;
  const errorId = `${id}-fehler`;
  const options = results.data?.items ?? [];
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={id}>
        CPV-Code
      </label>
      <div className="kern-hint" id={`${id}-hinweis`}>
        Suchen Sie mit deutschen Begriffen (z. B. „Papier“) oder dem Code, dann wählen Sie einen Treffer.
      </div>
      {error && (
        <p className="kern-error" id={errorId} role="alert">
          <span className="kern-body">{error}</span>
        </p>
      )}
      <input
        id={id}
        className="kern-form-input__input"
        list={listId}
        value={text}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hinweis${error ? ` ${errorId}` : ''}`}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const match = /^(\d{8}-\d)/.exec(next);
          onChange(match ? (match[1] ?? next) : next);
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.code} value={`${o.code} ${o.labelDe}`} />
        ))}
      </datalist>
      <p className="kern-body kern-body--small" aria-live="polite">
        {text.trim().length >= 2 && results.data ? `${results.data.total} Treffer` : ''}
      </p>
    </div>
  );
}

/** a German decimal for a form field: 4.29 -> "4,29" */
const decimalDe = (n: number) => String(n).replace('.', ',');

/**
 * Records a new demand, or, with `editing`, changes that one (PATCH with the form's fields;
 * its other fields stay as they are). The form takes the focus when an edit starts.
 */
function DemandForm({ editing, onDone }: { editing: Demand | undefined; onDone: () => void }) {
  const create = useCreateDemand();
  const update = useUpdateDemand();
  const units = useCommonUnits();
  const heading = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState({
    cpvCode: editing?.cpvCode ?? '',
    title: editing?.title ?? '',
    quantity: editing ? decimalDe(editing.quantity) : '',
    unit: editing?.unit ?? 'H87',
    unitPriceEur: editing ? decimalDe(editing.unitPriceEur) : '',
    deliveryFrom: editing?.deliveryFrom ?? '',
    deliveryTo: editing?.deliveryTo ?? '',
  });
  useEffect(() => {
    if (editing) heading.current?.focus();
  }, [editing]);
  const mutation = editing ? update : create;
  const errors = fieldErrors(mutation.error?.problem);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // an empty field goes as null and a number that is none as typed, so that the API names
    // each field by what is wrong with it ("muss angegeben werden", "muss eine Zahl sein")
    const values = {
      cpvCode: givenOrNull(form.cpvCode),
      title: givenOrNull(form.title),
      quantity: amountOrNull(form.quantity),
      unit: givenOrNull(form.unit),
      unitPriceEur: amountOrNull(form.unitPriceEur),
      deliveryFrom: givenOrNull(form.deliveryFrom),
      deliveryTo: givenOrNull(form.deliveryTo),
    } as unknown as Omit<NewDemand, 'status'>;
    if (editing) update.mutate({ id: editing.id, change: values }, { onSuccess: onDone });
    else
      create.mutate(
        { ...values, status: 'open' },
        { onSuccess: () => setForm((f) => ({ ...f, title: '', quantity: '', unitPriceEur: '' })) },
      );
  };
  return (
    <section aria-labelledby="neu" className="kern-stack">
      <h2 className="kern-heading-medium" id="neu" ref={heading} tabIndex={-1}>
        {editing ? `Bedarf bearbeiten: ${editing.title}` : 'Bedarf erfassen'}
      </h2>
      <form onSubmit={onSubmit} noValidate className="kern-stack">
        {mutation.isError && (
          <div className="kern-alert kern-alert--danger" role="alert">
            <div className="kern-alert__header">
              <span className="kern-title">{mutation.error.message}</span>
            </div>
          </div>
        )}
        {create.isSuccess && (
          <div className="kern-alert kern-alert--success" role="status">
            <div className="kern-alert__header">
              <span className="kern-title">Der Bedarf „{create.data.title}“ ist erfasst.</span>
            </div>
          </div>
        )}
        <CpvField value={form.cpvCode} onChange={set('cpvCode')} error={errors['cpvCode']} />
        <TextField
          label="Titel"
          value={form.title}
          onChange={(e) => set('title')(e.target.value)}
          error={errors['title']}
        />
        <TextField
          label="Menge"
          inputMode="decimal"
          value={form.quantity}
          onChange={(e) => set('quantity')(e.target.value)}
          error={errors['quantity']}
        />
        <div className={`kern-form-input${errors['unit'] ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor="bedarf-einheit">
            Einheit
          </label>
          {errors['unit'] && (
            <p className="kern-error" role="alert">
              <span className="kern-body">{errors['unit']}</span>
            </p>
          )}
          <select
            id="bedarf-einheit"
            className="kern-form-input__select"
            value={form.unit}
            onChange={(e) => set('unit')(e.target.value)}
          >
            {(units.data?.items ?? [{ code: 'H87', nameDe: 'Stück' }]).map((u) => (
              <option key={u.code} value={u.code}>
                {u.nameDe} ({u.code})
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Geschätzter Stückpreis (netto, €)"
          inputMode="decimal"
          value={form.unitPriceEur}
          onChange={(e) => set('unitPriceEur')(e.target.value)}
          error={errors['unitPriceEur']}
        />
        <DeliveryWindowFields
          from={form.deliveryFrom}
          to={form.deliveryTo}
          onChange={(field, value) => set(field)(value)}
          errors={errors}
        />
        <div className="kern-btn-wrapper">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={mutation.isPending}>
            <span className="kern-label">{editing ? 'Änderungen speichern' : 'Bedarf erfassen'}</span>
          </button>
          {editing && (
            <button type="button" className="kern-btn kern-btn--secondary" onClick={onDone}>
              <span className="kern-label">Abbrechen</span>
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
