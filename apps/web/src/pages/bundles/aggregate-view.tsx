import { formatEur, formatNumber, regimeLabel, unitLabel } from '@buendel/domain/display';
import type { Aggregate, AggregatePreview } from '../../api/bundles';

/** total, participants and the procedure regime with its threshold and legal basis */
export function RegimeSummary({ aggregate }: { aggregate: Aggregate | AggregatePreview }) {
  return (
    <dl className="kern-description-list">
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Geschätzter Gesamtwert (netto)</dt>
        <dd className="kern-description-list-item__value" data-testid="gesamtwert">
          {formatEur(aggregate.totalEstimatedValueEur)}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Beteiligte Organisationen</dt>
        <dd className="kern-description-list-item__value" data-testid="beteiligte">
          {aggregate.participantCount} ({aggregate.demandCount} Bedarfe)
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Verfahren</dt>
        <dd className="kern-description-list-item__value" data-testid="verfahren">
          {regimeLabel(aggregate.regime)}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">Rechtsgrundlage</dt>
        <dd className="kern-description-list-item__value">
          {aggregate.regime.legalBasis}
          {aggregate.regime.provisional ? ' (vorläufig: für den Stichtag ist kein Schwellenwert hinterlegt)' : ''}
        </dd>
      </div>
    </dl>
  );
}

export function AggregateLines({ aggregate, caption }: { aggregate: Aggregate; caption: string }) {
  if (aggregate.lines.length === 0) return <p className="kern-body">Noch keine Bedarfe im Bündel.</p>;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-title">{caption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              CPV-Code
            </th>
            <th scope="col" className="kern-table__header">
              Einheit
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              Menge
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              Wert (netto)
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              Beteiligte
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {aggregate.lines.map((line) => (
            <tr className="kern-table__row" key={`${line.cpvCode}-${line.unit}`}>
              <td className="kern-table__cell">{line.cpvCode}</td>
              <td className="kern-table__cell">{unitLabel(line.unit)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatNumber(line.quantity)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatEur(line.estimatedValueEur)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{line.participantCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LotTable({ lots, caption }: { lots: Aggregate['lots']; caption: string }) {
  if (lots.length === 0) return <p className="kern-body">Noch kein Losvorschlag.</p>;
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-title">{caption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Los
            </th>
            <th scope="col" className="kern-table__header">
              Bezeichnung
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              Wert (netto)
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {lots.map((lot) => (
            <tr className="kern-table__row" key={lot.key}>
              <td className="kern-table__cell">{lot.key}</td>
              <td className="kern-table__cell">{lot.title}</td>
              <td className="kern-table__cell kern-table__cell--numeric">{formatEur(lot.estimatedValueEur)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** a join's or a leave's preview: before and after side by side */
export function PreviewTable({ before, after }: { before: AggregatePreview; after: AggregatePreview }) {
  const rows: Array<[string, string, string]> = [
    ['Gesamtwert (netto)', formatEur(before.totalEstimatedValueEur), formatEur(after.totalEstimatedValueEur)],
    ['Beteiligte Organisationen', String(before.participantCount), String(after.participantCount)],
    ['Verfahren', regimeLabel(before.regime), regimeLabel(after.regime)],
    ['Lose', lotsText(before.lots), lotsText(after.lots)],
  ];
  return (
    <div className="kern-table-responsive">
      <table className="kern-table" data-testid="vorschau">
        <caption className="kern-title">Was sich ändert</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              <span className="app-visually-hidden">Kennzahl</span>
            </th>
            <th scope="col" className="kern-table__header">
              Bisher
            </th>
            <th scope="col" className="kern-table__header">
              Danach
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map(([label, was, will]) => (
            <tr className="kern-table__row" key={label}>
              <th scope="row" className="kern-table__header">
                {label}
              </th>
              <td className="kern-table__cell">{was}</td>
              <td className="kern-table__cell">{will}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function lotsText(lots: AggregatePreview['lots']): string {
  if (lots.length === 0) return 'keine';
  return lots.map((l) => `${l.title} (${formatEur(l.estimatedValueEur)})`).join('; ');
}
