import { formatDateTime, formatEur, formatQuantity, unitLabel } from '@buendel/domain/display';
import { useId, useRef, useState, type FormEvent } from 'react';
import {
  useAwardCallOff,
  useOpenCallOffOffers,
  useOwnCallOffOffer,
  useReportDelivery,
  useSubmitCallOffOffer,
  type CallOff,
  type CallOffOfferReceipt,
  type Framework,
  type OwnCallOffOffer,
} from '../../api/frameworks';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { OfferRefusedAlert } from '../../components/offer-refused-alert';
import { Countdown, useNow } from '../../components/countdown';
import { DataTable } from '../../components/data-table';
import { TextField } from '../../components/text-field';
import { berlinParts } from '../../lib/berlin-time';
import { errorsOf, germanNumber } from '../../lib/form-input';
import { ReceiptView } from '../suppliers/tender-view';

/**
 * A lot supplier's sealed offer for a mini-competition: a net unit price per item of the
 * call-off, until its deadline (a new offer replaces the last); the receipt with its digest,
 * read again from the API after a reload (GET .../offers/mine).
 */
export function CallOffOfferForm({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const id = useId();
  const now = useNow();
  const submit = useSubmitCallOffOffer(framework.id, callOff.id);
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<CallOffOfferReceipt | undefined>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const own = useOwnCallOffOffer(framework.id, callOff.id);
  const api = fieldErrors(submit.error?.problem);
  const deadline = callOff.submissionDeadline ?? '';
  // the offer submitted now, or the one submitted earlier (after a reload): the receipt again
  const held = receipt ?? own.data ?? undefined;
  if (deadline && new Date(deadline).getTime() <= now)
    return <ClosedCompetition callOff={callOff} offer={own.data} loading={own.isPending} />;
  const send = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const offer: Array<{ itemId: string; unitPriceEur: number }> = [];
    for (const item of callOff.items) {
      const price = germanNumber(prices[item.itemId] ?? '');
      if (price === undefined) problems[item.itemId] = 'Bitte geben Sie einen Preis an.';
      else if (Number.isNaN(price) || price <= 0)
        problems[item.itemId] = 'Bitte geben Sie einen Preis über 0 an, z. B. 1.234,56.';
      else offer.push({ itemId: item.itemId, unitPriceEur: price });
    }
    setLocal(problems);
    if (Object.keys(problems).length) {
      submit.reset();
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    submit.mutate(
      { prices: offer },
      {
        onSuccess: (r) => setReceipt(r),
        onSettled: () => requestAnimationFrame(() => summaryRef.current?.focus()),
      },
    );
  };
  const refused = Object.keys(local).length > 0 || submit.isError;
  return (
    <form onSubmit={send} noValidate className="kern-stack" aria-labelledby={`${id}-titel`}>
      <h4 className="kern-heading-small" id={`${id}-titel`}>
        {held ? 'Angebot ersetzen' : 'Angebot abgeben'}: Kleinwettbewerb {callOff.number}
      </h4>
      {deadline && <Countdown label="Angebotsfrist" deadline={deadline} now={now} />}
      <p className="kern-body">
        Ihr Angebot bleibt versiegelt, bis die Frist abgelaufen ist; bis dahin können Sie es ersetzen. Der günstigste
        Gesamtpreis steht in der Rangfolge vorn.
      </p>
      <div ref={summaryRef} tabIndex={-1}>
        {refused && <OfferRefusedAlert error={submit.error} formError={api['prices']} />}
        {receipt && !refused && (
          <Alert kind="success" title={`Ihr Angebot für ${callOff.number} ist eingegangen.`}>
            <ReceiptView receipt={receipt} heading={`Eingangsbestätigung für ${callOff.number}`} />
          </Alert>
        )}
      </div>
      {!receipt && held && (
        <Alert kind="info" title={`Ihr Angebot für ${callOff.number} liegt versiegelt vor.`}>
          <ReceiptView receipt={held} heading={`Eingangsbestätigung für ${callOff.number}`} />
          <p className="kern-body">Bis zum Ablauf der Frist können Sie es durch ein neues Angebot ersetzen.</p>
        </Alert>
      )}
      {own.isError && (
        <Alert kind="warning" title="Ihr abgegebenes Angebot konnte nicht geladen werden.">
          <p className="kern-body">{own.error.message}</p>
        </Alert>
      )}
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Preise (netto, in Euro je Einheit)</legend>
        <div className="kern-fieldset__body kern-stack">
          {callOff.items.map((item, i) => (
            <TextField
              key={item.itemId}
              label={`Preis je ${unitLabel(item.unit)}: ${item.cpvLabel}`}
              hint={`Menge ${formatQuantity(item.quantity, item.unit)}; z. B. 3,95`}
              inputMode="decimal"
              autoComplete="off"
              value={prices[item.itemId] ?? ''}
              onChange={(e) => setPrices((p) => ({ ...p, [item.itemId]: e.target.value }))}
              error={local[item.itemId] ?? errorsOf(api, `prices.${i}`)}
            />
          ))}
        </div>
      </fieldset>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={submit.isPending}>
          <span className="kern-label">{held ? 'Angebot ersetzen' : 'Angebot versiegelt abgeben'}</span>
        </button>
      </div>
    </form>
  );
}

/**
 * A mini-competition past its deadline, for a lot supplier: its own offer's receipt and, now that
 * the offers are opened, its own prices; or that it did not offer.
 */
function ClosedCompetition({
  callOff,
  offer,
  loading,
}: {
  callOff: CallOff;
  offer: OwnCallOffOffer | null | undefined;
  loading: boolean;
}) {
  if (loading) return <p className="kern-body">Ihr Angebot wird geladen …</p>;
  if (!offer)
    return (
      <p className="kern-body">
        Die Angebotsfrist ist abgelaufen; Sie haben kein Angebot abgegeben. Der Auftraggeber öffnet die Angebote.
      </p>
    );
  const byItem = new Map((offer.prices ?? []).map((p) => [p.itemId, p.unitPriceEur]));
  return (
    <div className="kern-stack" data-testid="eigenes-angebot">
      <p className="kern-body">Die Angebotsfrist ist abgelaufen; der Auftraggeber öffnet die Angebote.</p>
      <ReceiptView receipt={offer} heading={`Ihr Angebot für ${callOff.number}`} sealed={false} />
      {offer.prices && (
        <DataTable
          caption={`Ihre Preise für ${callOff.number}: Gesamtpreis ${formatEur(offer.totalEur ?? 0)} (netto)`}
          rows={callOff.items}
          rowKey={(i) => i.itemId}
          columns={[
            { header: 'Position', cell: (i) => i.cpvLabel },
            { header: 'Menge', numeric: true, cell: (i) => formatQuantity(i.quantity, i.unit) },
            {
              header: 'Ihr Preis je Einheit (netto)',
              numeric: true,
              cell: (i) => (byItem.has(i.itemId) ? formatEur(byItem.get(i.itemId) ?? 0) : '–'),
            },
          ]}
        />
      )}
    </div>
  );
}

/**
 * The buyer's side of a mini-competition: the offers stay sealed until the deadline (the API
 * answers 409 before it, shown as it says); afterwards the offers ranked by total price, and
 * the award to one of them, which orders the call-off from that supplier.
 */
export function AwardPanel({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const id = useId();
  const open = useOpenCallOffOffers(framework.id, callOff.id);
  const award = useAwardCallOff(framework.id, callOff.id);
  const opened = open.data;
  return (
    <div className="kern-stack" aria-labelledby={`${id}-titel`} role="group">
      <h4 className="kern-heading-small" id={`${id}-titel`}>
        Angebote im Kleinwettbewerb {callOff.number}
      </h4>
      <p className="kern-body">
        Die Angebote sind bis {formatDateTime(callOff.submissionDeadline)} versiegelt; danach öffnen Sie sie und
        erteilen den Zuschlag.
      </p>
      {open.isError && (
        <Alert kind={open.error.status === 409 ? 'info' : 'danger'} title="Die Angebote sind noch versiegelt.">
          <p className="kern-body">{open.error.message}</p>
        </Alert>
      )}
      {award.isError && (
        <Alert kind="danger" title="Zuschlag nicht möglich">
          <p className="kern-body">{fieldErrors(award.error.problem)['offerId'] ?? award.error.message}</p>
        </Alert>
      )}
      {opened ? (
        opened.offers.length === 0 ? (
          <Alert kind="warning" title="Es ist kein Angebot eingegangen.">
            <p className="kern-body">Stornieren Sie den Abruf und rufen Sie anders ab.</p>
          </Alert>
        ) : (
          <DataTable
            caption={`Geöffnete Angebote zu ${callOff.number} (geöffnet ${formatDateTime(opened.openedAt)}), günstigstes zuerst`}
            testId={`angebote-${callOff.number}`}
            rows={opened.offers}
            rowKey={(o) => o.offerId}
            columns={[
              { header: 'Rang', numeric: true, cell: (o) => o.rank },
              { header: 'Rahmenvertragspartner', cell: (o) => o.supplier.name },
              { header: 'Gesamtpreis (netto)', numeric: true, cell: (o) => formatEur(o.totalEur) },
              { header: 'Eingegangen', cell: (o) => formatDateTime(o.submittedAt) },
              {
                header: 'Zuschlag',
                action: true,
                cell: (o) => (
                  <button
                    type="button"
                    className="kern-btn kern-btn--primary kern-btn--x-small"
                    disabled={award.isPending}
                    onClick={() => award.mutate(o.offerId)}
                  >
                    <span className="kern-label">
                      Zuschlag erteilen<span className="app-visually-hidden">: {o.supplier.name}</span>
                    </span>
                  </button>
                ),
              },
            ]}
          />
        )
      ) : (
        <div>
          <button
            type="button"
            className="kern-btn kern-btn--secondary"
            disabled={open.isPending}
            onClick={() => open.mutate()}
          >
            <span className="kern-label">Angebote zu {callOff.number} öffnen</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** the call-off's supplier reports a delivery: the day and, per item, at most what is still to deliver */
export function DeliveryForm({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const id = useId();
  const deliver = useReportDelivery(framework.id, callOff.id);
  const [day, setDay] = useState(() => berlinParts(new Date().toISOString()).date);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const api = fieldErrors(deliver.error?.problem);
  const send = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const items: Array<{ itemId: string; quantity: number }> = [];
    for (const item of callOff.items) {
      const n = germanNumber(quantities[item.itemId] ?? '');
      if (n === undefined) continue;
      if (!(n > 0)) problems[item.itemId] = 'Bitte eine Menge größer als null eingeben, z. B. 12,5.';
      else items.push({ itemId: item.itemId, quantity: n });
    }
    if (!day) problems['deliveredOn'] = 'Bitte den Tag der Lieferung angeben.';
    if (!items.length && !Object.keys(problems).length)
      problems['items'] = 'Bitte für mindestens eine Position die gelieferte Menge eingeben.';
    setLocal(problems);
    if (Object.keys(problems).length) {
      deliver.reset();
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSent(items.map((i) => i.itemId));
    deliver.mutate(
      { deliveredOn: day, items },
      {
        onSuccess: () => setQuantities({}),
        onSettled: () => requestAnimationFrame(() => summaryRef.current?.focus()),
      },
    );
  };
  const itemError = (itemId: string) =>
    local[itemId] ?? sent.map((s, i) => (s === itemId ? errorsOf(api, `items.${i}`) : undefined)).find(Boolean);
  return (
    <form onSubmit={send} noValidate className="kern-stack" aria-labelledby={`${id}-titel`}>
      <h4 className="kern-heading-small" id={`${id}-titel`}>
        Lieferung melden: {callOff.number}
      </h4>
      <div ref={summaryRef} tabIndex={-1}>
        {deliver.isError && (
          <Alert
            kind="danger"
            title={
              deliver.error.status === 400 ? 'Bitte prüfen Sie die markierten Felder.' : 'Lieferung nicht gemeldet'
            }
          >
            {deliver.error.status !== 400 && <p className="kern-body">{deliver.error.message}</p>}
          </Alert>
        )}
        {local['items'] && <Alert kind="warning" title={local['items']} />}
        {deliver.isSuccess && <Alert kind="success" title={`Lieferung zu ${callOff.number} gemeldet.`} />}
      </div>
      <TextField
        label="Tag der Lieferung"
        type="date"
        value={day}
        onChange={(e) => setDay(e.target.value)}
        error={local['deliveredOn'] ?? api['deliveredOn']}
      />
      {callOff.items.map((item) => (
        <TextField
          key={item.itemId}
          label={`Gelieferte Menge in ${unitLabel(item.unit)}: ${item.cpvLabel}`}
          hint={`noch ${formatQuantity(Math.max(0, item.quantity - item.deliveredQuantity), item.unit)} zu liefern`}
          inputMode="decimal"
          autoComplete="off"
          value={quantities[item.itemId] ?? ''}
          onChange={(e) => setQuantities((q) => ({ ...q, [item.itemId]: e.target.value }))}
          error={itemError(item.itemId)}
        />
      ))}
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={deliver.isPending}>
          <span className="kern-label">Lieferung melden</span>
        </button>
      </div>
    </form>
  );
}
