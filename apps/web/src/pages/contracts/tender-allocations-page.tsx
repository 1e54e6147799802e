import { formatDate, formatEur, formatQuantity, tenderStatusLabel } from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import {
  contractsWorkbookUrl,
  useTender,
  useTenderAllocations,
  type Allocation,
  type Contact,
  type Contract,
} from '../../api/contracts';
import type { TenderLot } from '../../api/offers';
import { Alert } from '../../components/alert';
import { DataTable } from '../../components/data-table';
import { useCurrentUser } from '../../lib/current-user';
import { itemName } from '../suppliers/tender-view';

/** a contact point in lines: name, address, e-mail (a link) and phone */
function ContactLines({ contact }: { contact: Contact }) {
  const a = contact.address;
  const place = [a?.postalCode, a?.city].filter(Boolean).join(' ');
  return (
    <address className="kern-body" style={{ fontStyle: 'normal' }}>
      {contact.name && <div>{contact.name}</div>}
      {a?.street && <div>{a.street}</div>}
      {place && <div>{place}</div>}
      {contact.email && (
        <div>
          E-Mail:{' '}
          <a className="kern-link" href={`mailto:${contact.email}`}>
            {contact.email}
          </a>
        </div>
      )}
      {contact.telephone && <div>Telefon: {contact.telephone}</div>}
      {!contact.name && !contact.email && !contact.telephone && !place && <div>keine Kontaktdaten hinterlegt</div>}
    </address>
  );
}

function ContractFacts({ contract }: { contract: Contract }) {
  return (
    <dl className="kern-description-list" data-testid={`vertrag-${contract.lotKey}`}>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Vertragsnummer</dt>
        <dd className="kern-description-list-item__value">{contract.number}</dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Auftraggeber</dt>
        <dd className="kern-description-list-item__value">{contract.buyer.name}</dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Lieferant</dt>
        <dd className="kern-description-list-item__value">
          <strong>{contract.supplier.name}</strong>
          <ContactLines contact={contract.supplierContact} />
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Wert (netto)</dt>
        <dd className="kern-description-list-item__value">{formatEur(contract.valueEur)}</dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Laufzeit</dt>
        <dd className="kern-description-list-item__value">
          {formatDate(contract.termFrom)} bis {formatDate(contract.termTo)}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Geschlossen am</dt>
        <dd className="kern-description-list-item__value">{formatDate(contract.concludedAt)}</dd>
      </div>
    </dl>
  );
}

/**
 * A tender's allocations and contracts for a participant (the coordinator sees every
 * participant's): per lot the share of each item (quantity, value, delivery places) and, once
 * concluded, the contract with the supplier and its contact. The workbook has the same for the
 * finance office. The supplier sees the lots whose contracts it holds: each buyer's share with
 * its delivery places, and each buyer's procurement office to contact.
 */
export function TenderAllocationsPage() {
  const { id = '' } = useParams();
  const supplier = useCurrentUser().role === 'supplier';
  const tender = useTender(id, supplier);
  const data = useTenderAllocations(id);
  useEffect(() => {
    document.title = `Zuteilung: ${tender.data?.title ?? 'Ausschreibung'} – Bündel`;
  }, [tender.data?.title]);
  if (tender.isPending || data.isPending)
    return (
      <p className="kern-body" role="status">
        Zuteilung wird geladen …
      </p>
    );
  if (tender.isError || data.isError) {
    const error = tender.error ?? data.error;
    return (
      <Alert
        kind="danger"
        title={
          error?.status === 404
            ? 'Diese Ausschreibung gibt es nicht oder Ihre Organisation ist nicht beteiligt.'
            : (error?.message ?? 'Das ließ sich nicht laden.')
        }
      >
        <p className="kern-body">
          <Link className="kern-link" to="/vertraege">
            {supplier ? 'Zu den Verträgen' : 'Zu den Zuteilungen und Verträgen'}
          </Link>
        </p>
      </Alert>
    );
  }
  const t = tender.data;
  const { allocations, contracts } = data.data;
  const organisations = new Set(allocations.map((a) => a.organisationId));
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Zuteilung: {t.title}</h1>
        <p className="kern-body">{tenderStatusLabel(t.status)}</p>
      </hgroup>
      {allocations.length === 0 ? (
        <Alert kind="info" title="Noch keine Zuteilung.">
          <p className="kern-body">Die Anteile stehen fest, sobald ein Los den Zuschlag erhalten hat.</p>
        </Alert>
      ) : (
        <p className="kern-body">
          <a className="kern-link" href={contractsWorkbookUrl(t.id)} download>
            Zuteilung und Verträge als Excel-Tabelle herunterladen
          </a>
        </p>
      )}
      {t.lots.map((lot) => (
        <LotAllocation
          key={lot.id}
          lot={lot}
          allocations={allocations.filter((a) => a.lotId === lot.id)}
          contracts={contracts.filter((c) => c.lotId === lot.id)}
          withOrganisation={supplier || organisations.size > 1}
          forSupplier={supplier}
        />
      ))}
    </div>
  );
}

function LotAllocation({
  lot,
  allocations,
  contracts,
  withOrganisation,
  forSupplier,
}: {
  lot: TenderLot;
  allocations: Allocation[];
  contracts: Contract[];
  withOrganisation: boolean;
  forSupplier: boolean;
}) {
  // for the supplier: each buyer's procurement office, once per buyer
  const offices = new Map<string, { name: string; office: Contact }>();
  if (forSupplier)
    for (const a of allocations)
      if (!offices.has(a.organisationId))
        offices.set(a.organisationId, { name: a.organisationName, office: a.procurementOffice });
  const items = new Map(lot.items.map((i) => [i.id, i]));
  const total = allocations.reduce((sum, a) => sum + a.valueEur, 0);
  return (
    <section className="kern-stack" aria-labelledby={`los-${lot.key}`}>
      <h2 className="kern-heading-medium" id={`los-${lot.key}`} tabIndex={-1}>
        {lot.title}
      </h2>
      {allocations.length === 0 ? (
        <p className="kern-body">
          {lot.status === 'unsuccessful'
            ? 'Dieses Los blieb ohne Zuschlag; die Bedarfe sind wieder offen.'
            : 'Für dieses Los gibt es noch keinen Zuschlag.'}
        </p>
      ) : (
        <DataTable
          caption={`Zuteilung von ${lot.title}: ${formatEur(total)}`}
          testId={`zuteilung-${lot.key}`}
          rows={allocations}
          rowKey={(a) => `${a.organisationId}|${a.itemId}`}
          columns={[
            ...(withOrganisation ? [{ header: 'Organisation', cell: (a: Allocation) => a.organisationName }] : []),
            {
              header: 'Leistung',
              cell: (a) => {
                const item = items.get(a.itemId);
                return item ? itemName(item) : (a.specificationText ?? a.cpvCode);
              },
            },
            { header: 'CPV', cell: (a) => a.cpvCode },
            { header: 'Menge', numeric: true, cell: (a) => formatQuantity(a.quantity, a.unit) },
            { header: 'Wert (netto)', numeric: true, cell: (a) => formatEur(a.valueEur) },
            { header: 'Lieferorte (AGS)', cell: (a) => a.deliveryAgs.join(', ') || '–' },
          ]}
        />
      )}
      {offices.size > 0 && (
        <div className="kern-stack" data-testid={`vergabestellen-${lot.key}`}>
          <h3 className="kern-heading-small">Vergabestellen der Auftraggeber</h3>
          <dl className="kern-description-list">
            {[...offices.entries()].map(([organisationId, o]) => (
              <div className="kern-description-list-item" key={organisationId}>
                <dt className="kern-description-list-item__key">{o.name}</dt>
                <dd className="kern-description-list-item__value">
                  <ContactLines contact={o.office} />
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {contracts.length > 0 ? (
        <div className="kern-stack">
          <h3 className="kern-heading-small">{contracts.length === 1 ? 'Vertrag' : 'Verträge'}</h3>
          {contracts.map((c) => (
            <ContractFacts key={c.id} contract={c} />
          ))}
        </div>
      ) : (
        allocations.length > 0 && (
          <p className="kern-body">
            Der Zuschlag ist entschieden; der Vertrag wird nach Ablauf der Wartefrist (§ 134 GWB) geschlossen.
          </p>
        )
      )}
    </section>
  );
}
