import {
  callOffMethodLabel,
  callOffStatusLabel,
  formatDateTime,
  formatEur,
  formatQuantity,
} from '@buendel/domain/display';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { useCallOffDecision, useCallOffs, type CallOff, type Framework } from '../../api/frameworks';
import { fieldErrors } from '../../api/problem';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { Facts } from '../../components/facts';
import { TextField } from '../../components/text-field';
import { useCurrentUser } from '../../lib/current-user';
import { AwardPanel, CallOffOfferForm, DeliveryForm } from './call-off-panels';

const CANCELLABLE = ['offered', 'competition', 'ordered'];

/**
 * The call-offs the user sees, newest first, each with its state and what the user can do
 * with it: the buyer cancels (before the first delivery) and, after a mini-competition's
 * deadline, opens the offers and awards; the supplier asked by ranking accepts or declines,
 * a lot supplier offers in a mini-competition until its deadline, and the call-off's supplier
 * reports deliveries.
 */
export function CallOffsSection({ framework }: { framework: Framework }) {
  const query = useCallOffs(framework.id);
  // a link to one call-off (from the contracts page: #abruf-<id>) shows it once the call-offs are read
  const { hash } = useLocation();
  const loaded = query.isSuccess;
  useEffect(() => {
    if (loaded && hash.startsWith('#abruf-'))
      document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView();
  }, [loaded, hash]);
  return (
    <section className="kern-stack" aria-labelledby="abrufe">
      <h2 className="kern-heading-medium" id="abrufe">
        Abrufe
      </h2>
      <QueryList
        query={query}
        loading="Abrufe werden geladen …"
        empty={(items) => (items.length ? undefined : 'Noch keine Abrufe.')}
      >
        {(items) => (
          <div className="kern-stack" data-testid="abrufe">
            {[...items]
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number.localeCompare(a.number))
              .map((c) => (
                <CallOffCard key={c.id} framework={framework} callOff={c} />
              ))}
          </div>
        )}
      </QueryList>
    </section>
  );
}

function CallOffCard({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const me = useCurrentUser();
  const supplier = callOff.supplier;
  const lot = framework.lots.find((l) => l.id === callOff.lotId);
  const isBuyer = me.role !== 'supplier' && callOff.buyer.id === me.organisationId;
  const isSupplier = me.role === 'supplier';
  const mine = isSupplier && supplier?.id === me.organisationId;
  const delivered = callOff.items.some((i) => i.deliveredQuantity > 0);
  const headingId = `abruf-${callOff.id}`;
  return (
    <section className="kern-stack app-call-off" aria-labelledby={headingId} data-testid={`abruf-${callOff.number}`}>
      <h3 className="kern-heading-small" id={headingId}>
        Abruf {callOff.number}: {callOffStatusLabel(callOff.status)}
      </h3>
      <Facts
        items={[
          ['Stand', callOffStatusLabel(callOff.status)],
          ['Art', callOffMethodLabel(callOff.method)],
          ['Los', lot?.title ?? callOff.lotKey],
          ['Auftraggeber', callOff.buyer.name],
          [
            'Lieferant',
            supplier
              ? `${supplier.name}${callOff.status === 'offered' && callOff.offeredRank ? ` (Rang ${callOff.offeredRank}, angefragt)` : ''}`
              : '–',
          ],
          ...(callOff.submissionDeadline
            ? [['Angebotsfrist', formatDateTime(callOff.submissionDeadline)] as const]
            : []),
          ['Wert (netto)', callOff.valueEur === null ? '–' : formatEur(callOff.valueEur)],
          ['Abgerufen am', formatDateTime(callOff.createdAt)],
          ...(callOff.note ? [['Hinweis', callOff.note] as const] : []),
        ]}
      />
      <DataTable
        caption={`Positionen von Abruf ${callOff.number}`}
        rows={callOff.items}
        rowKey={(i) => i.itemId}
        columns={[
          { header: 'Position', cell: (i) => i.cpvLabel },
          { header: 'Menge', numeric: true, cell: (i) => formatQuantity(i.quantity, i.unit) },
          {
            header: 'Preis je Einheit (netto)',
            numeric: true,
            cell: (i) => (i.unitPriceEur === null ? '–' : formatEur(i.unitPriceEur)),
          },
          { header: 'Geliefert', numeric: true, cell: (i) => formatQuantity(i.deliveredQuantity, i.unit) },
        ]}
      />
      {mine && callOff.status === 'offered' && <Decision framework={framework} callOff={callOff} />}
      {isSupplier && callOff.status === 'competition' && <CallOffOfferForm framework={framework} callOff={callOff} />}
      {mine && callOff.status === 'ordered' && callOff.items.some((i) => i.deliveredQuantity < i.quantity) && (
        <DeliveryForm framework={framework} callOff={callOff} />
      )}
      {isBuyer && callOff.status === 'competition' && <AwardPanel framework={framework} callOff={callOff} />}
      {isBuyer && framework.status === 'active' && CANCELLABLE.includes(callOff.status) && !delivered && (
        <CancelForm framework={framework} callOff={callOff} />
      )}
    </section>
  );
}

/** the supplier asked by ranking: accept at the framework prices, or decline (the next is asked) */
function Decision({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const decide = useCallOffDecision(framework.id);
  return (
    <div className="kern-stack">
      <p className="kern-body">
        Sie sind als Rang {callOff.offeredRank ?? 1} gefragt. Nehmen Sie an, ist der Abruf zu Ihren Rahmenpreisen
        erteilt; lehnen Sie ab, wird der nächste Rahmenvertragspartner gefragt.
      </p>
      {decide.isError && (
        <Alert kind="danger" title="Das ging nicht.">
          <p className="kern-body">{decide.error.message}</p>
        </Alert>
      )}
      <div className="app-actions">
        <button
          type="button"
          className="kern-btn kern-btn--primary"
          disabled={decide.isPending}
          onClick={() => decide.mutate({ callOffId: callOff.id, action: 'accept' })}
        >
          <span className="kern-label">Abruf {callOff.number} annehmen</span>
        </button>
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate({ callOffId: callOff.id, action: 'decline' })}
        >
          <span className="kern-label">Abruf {callOff.number} ablehnen</span>
        </button>
      </div>
    </div>
  );
}

/** the buyer cancels a call-off before its first delivery; its quantities return under the maximum */
function CancelForm({ framework, callOff }: { framework: Framework; callOff: CallOff }) {
  const cancel = useCallOffDecision(framework.id);
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const errors = fieldErrors(cancel.error?.problem);
  if (!open)
    return (
      <div>
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setOpen(true)}>
          <span className="kern-label">Abruf {callOff.number} stornieren …</span>
        </button>
      </div>
    );
  return (
    <form
      className="kern-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate({ callOffId: callOff.id, action: 'cancel', ...(reason.trim() ? { reason: reason.trim() } : {}) });
      }}
    >
      {cancel.isError && cancel.error.status !== 400 && (
        <Alert kind="danger" title="Stornieren nicht möglich">
          <p className="kern-body">{cancel.error.message}</p>
        </Alert>
      )}
      <TextField
        label={`Grund der Stornierung von ${callOff.number} (optional)`}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
        error={errors['reason']}
      />
      <div className="app-actions">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={cancel.isPending}>
          <span className="kern-label">Abruf {callOff.number} stornieren</span>
        </button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setOpen(false)}>
          <span className="kern-label">Nicht stornieren</span>
        </button>
      </div>
    </form>
  );
}
