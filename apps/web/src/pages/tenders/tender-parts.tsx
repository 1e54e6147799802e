import { formatEur, formatQuantity, TENDER_PHASE_LABELS } from '@buendel/domain/display';
import type { ReactNode } from 'react';
import type { Tender, TenderLot } from '../../api/tenders';
import { useDistrictNames } from '../../api/districts';
import { DataTable } from '../../components/data-table';

/** an item as people name it: its product specification, else the CPV label */
export const itemName = (i: TenderLot['items'][number]) => i.specificationText ?? i.cpvLabel;

/** the items of a lot: product, CPV code, delivery district (by name), quantity and estimated value */
export function LotItems({ lot }: { lot: TenderLot }) {
  const districtName = useDistrictNames(lot.items.flatMap((i) => (i.districtKey ? [i.districtKey] : [])));
  return (
    <DataTable
      testId={`positionen-${lot.key}`}
      caption={`Positionen von ${lot.title}`}
      columns={[
        { header: 'Produkt', cell: (i) => itemName(i) },
        { header: 'CPV', cell: (i) => i.cpvCode },
        { header: 'Lieferkreis', cell: (i) => (i.districtKey ? districtName(i.districtKey) : '–') },
        { header: 'Menge', numeric: true, cell: (i) => formatQuantity(i.quantity, i.unit) },
        { header: 'Geschätzter Wert', numeric: true, cell: (i) => formatEur(i.estimatedValueEur) },
      ]}
      rows={lot.items}
      rowKey={(i) => i.id}
    />
  );
}

/** the lots of a published (or later) tender, each with its items */
export function LotsOverview({ tender, extra }: { tender: Tender; extra?: (lot: TenderLot) => ReactNode }) {
  return (
    <section aria-labelledby="lose-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="lose-ueberschrift">
        Lose
      </h2>
      {tender.lots.map((lot) => (
        <div key={lot.id} className="kern-stack">
          <h3 className="kern-heading-small">
            {lot.title} ({lot.key}) · {formatEur(lot.estimatedValueEur)}
          </h3>
          <LotItems lot={lot} />
          {extra?.(lot)}
        </div>
      ))}
    </section>
  );
}

/** the lots a criterion applies to, in words */
export function lotsOfCriterion(tender: Tender, lotKeys: readonly string[]): string {
  if (!lotKeys.length || lotKeys.length === tender.lots.length) return 'alle Lose';
  return lotKeys.map((k) => tender.lots.find((l) => l.key === k)?.title ?? k).join('; ');
}

/** the tender's criteria by phase, with their lots, weights, limits and scoring rules */
export function CriteriaTable({ tender }: { tender: Tender }) {
  return (
    <section aria-labelledby="kriterien-ueberschrift" className="kern-stack">
      <h2 className="kern-heading-medium" id="kriterien-ueberschrift">
        Kriterien
      </h2>
      {tender.criteria.length === 0 ? (
        <p className="kern-body">Keine Kriterien: der Zuschlag geht allein nach dem Preis.</p>
      ) : (
        <DataTable
          testId="kriterien"
          caption="Kriterien je Phase und Los"
          columns={[
            { header: 'Phase', cell: (c) => TENDER_PHASE_LABELS[c.phase] },
            { header: 'Kriterium', cell: (c) => c.name },
            { header: 'Lose', cell: (c) => lotsOfCriterion(tender, c.lotKeys) },
            { header: 'Gewicht', numeric: true, cell: (c) => (c.weight === null ? '–' : `${c.weight} Punkte`) },
            { header: 'Grenzwert oder Regel', cell: (c) => c.rule ?? c.detail ?? '–' },
          ]}
          rows={tender.criteria}
          rowKey={(c) => `${c.phase}-${c.code}`}
        />
      )}
    </section>
  );
}
