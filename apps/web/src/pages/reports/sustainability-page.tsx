import { formatDateTime, formatEur } from '@buendel/domain/display';
import { useEffect, useMemo } from 'react';
import { useCoordinatedDistricts, useCriteria } from '../../api/bundles';
import { useDistrictNames } from '../../api/districts';
import { sustainabilityExportUrl, useSustainabilityReport, type ValueBreakdown } from '../../api/reports';
import { QueryList } from '../../components/data-table';
import { DistrictField } from '../../components/district-field';
import { ShareChart, type ShareGroup, type ShareSeries } from '../../components/share-chart';
import { useCurrentUser } from '../../lib/current-user';
import { useListParams } from '../../lib/list-params';

interface Row {
  key: string;
  label: string;
  bundled?: ValueBreakdown;
  awarded: ValueBreakdown;
}

const groupOf = (row: Row, basis: 'bundled' | 'awarded'): ShareGroup => {
  const b = row[basis] ?? { totalEur: 0, criteria: [] };
  return {
    key: row.key,
    label: `${row.label} (${formatEur(b.totalEur, { wholeEuros: true })})`,
    shares: Object.fromEntries(
      b.criteria.map((c) => [
        c.code,
        basis === 'awarded' ? { share: c.share, extra: c.selfDeclaredShare ?? 0 } : { share: c.share },
      ]),
    ),
  };
};

/** the two charts of a breakdown: the share of the bundled and of the awarded value per criterion */
function BreakdownCharts({
  rowHeader,
  rows,
  series,
  testId,
}: {
  rowHeader: 'Kreis' | 'Organisation';
  rows: Row[];
  series: ShareSeries[];
  testId: string;
}) {
  const withBundled = rows.some((r) => r.bundled);
  const what = `nach ${rowHeader}`;
  return (
    <section className="kern-stack" aria-labelledby={testId}>
      <h2 className="kern-heading-medium" id={testId}>
        Nach {rowHeader}
      </h2>
      {withBundled && (
        <ShareChart
          title={`Anteil am gebündelten Wert je Kriterium, ${what}`}
          summary={`Balkendiagramm: Anteil des gebündelten Werts mit jedem Kriterium, ${rowHeader}: ${rows.length} Zeilen, ${series.length} Kriterien. Die Werte stehen in der Tabelle daneben.`}
          rowHeader={rowHeader}
          series={series}
          groups={rows.map((r) => groupOf(r, 'bundled'))}
          testId={`${testId}-gebuendelt`}
        />
      )}
      <ShareChart
        title={`Anteil am vergebenen Wert je Kriterium, ${what}`}
        summary={`Balkendiagramm: Anteil des vergebenen Werts mit jedem Kriterium (kräftig: Nachweis geprüft, hell: nur erklärt), ${rowHeader}: ${rows.length} Zeilen, ${series.length} Kriterien. Die Werte stehen in der Tabelle daneben.`}
        rowHeader={rowHeader}
        series={series}
        groups={rows.map((r) => groupOf(r, 'awarded'))}
        extraLabel="nur erklärt"
        testId={`${testId}-vergeben`}
      />
    </section>
  );
}

/**
 * The sustainability report as pictures: per district and per organisation, the share of the
 * bundled and of the awarded value that carries each criterion (awarded: verified evidence,
 * the self-declared rest lighter), and the awarded shares year by year. Each chart has a table
 * beside it with the same numbers, for screen readers and for copying.
 */
export function SustainabilityPage() {
  const me = useCurrentUser();
  const { params, set } = useListParams();
  const districtKey = params.get('kreis') ?? undefined;
  const report = useSustainabilityReport(districtKey);
  const catalogue = useCriteria();
  const isAdmin = me.role === 'admin';
  const coordinated = useCoordinatedDistricts(me.organisation.id, !isAdmin);
  const coordinatedKeys = isAdmin ? [] : (coordinated.data?.coordinatedDistrictKeys ?? []);
  const districtName = useDistrictNames(coordinatedKeys);
  useEffect(() => {
    document.title = 'Nachhaltigkeitsbericht – Bündel';
  }, []);
  const names = useMemo(() => new Map((catalogue.data?.items ?? []).map((c) => [c.code, c.name.de])), [catalogue.data]);
  return (
    <div className="kern-stack">
      <h1 className="kern-heading-large">Nachhaltigkeitsbericht</h1>
      <p className="kern-body">
        Welcher Anteil des gebündelten und des vergebenen Werts ein Nachhaltigkeitskriterium trägt. Beim vergebenen Wert
        zählt kräftig, was mit geprüftem Nachweis belegt ist; hell, was der Lieferant nur erklärt hat.
      </p>
      <form className="kern-stack" role="search" aria-label="Bericht eingrenzen" onSubmit={(e) => e.preventDefault()}>
        {isAdmin ? (
          <DistrictField label="Kreis" value={districtKey} onChange={(key) => set('kreis', key)} />
        ) : (
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="bericht-kreis">
              Kreis
            </label>
            <select
              id="bericht-kreis"
              className="kern-form-input__select"
              value={districtKey ?? ''}
              onChange={(e) => set('kreis', e.target.value || undefined)}
            >
              <option value="">alle Kreise Ihrer Koordination</option>
              {coordinatedKeys.map((k) => (
                <option key={k} value={k}>
                  {districtName(k)}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <QueryList
        query={report}
        loading="Bericht wird geladen …"
        empty={(r) => (r.districts.length ? undefined : 'Für diese Auswahl gibt es noch keine Werte.')}
      >
        {(r) => {
          const codes = [
            ...new Set(
              [...r.districts, ...r.organisations, ...r.years]
                .flatMap((d) => [...('bundled' in d ? d.bundled.criteria : []), ...d.awarded.criteria])
                .map((c) => c.code),
            ),
          ].sort();
          const series: ShareSeries[] = codes.map((code) => ({ key: code, label: names.get(code) ?? code }));
          if (series.length === 0)
            return <p className="kern-body">Noch trägt kein gebündelter oder vergebener Wert ein Kriterium.</p>;
          const districts: Row[] = r.districts.map((d) => ({
            key: d.districtKey,
            label: d.name ?? `Kreis ${d.districtKey}`,
            bundled: d.bundled,
            awarded: d.awarded,
          }));
          const organisations: Row[] = r.organisations.map((o) => ({
            key: o.organisationId,
            label: o.name ?? o.organisationId,
            bundled: o.bundled,
            awarded: o.awarded,
          }));
          const years: Row[] = r.years.map((y) => ({ key: y.key, label: y.key, awarded: y.awarded }));
          return (
            <>
              <BreakdownCharts rowHeader="Kreis" rows={districts} series={series} testId="bericht-kreise" />
              <BreakdownCharts
                rowHeader="Organisation"
                rows={organisations}
                series={series}
                testId="bericht-organisationen"
              />
              <section className="kern-stack" aria-labelledby="bericht-jahre">
                <h2 className="kern-heading-medium" id="bericht-jahre">
                  Entwicklung nach Jahr des Zuschlags
                </h2>
                {years.length === 0 ? (
                  <p className="kern-body">Noch kein Zuschlag.</p>
                ) : (
                  <ShareChart
                    title="Anteil am vergebenen Wert je Kriterium, nach Jahr des Zuschlags"
                    summary={`Balkendiagramm: Anteil des vergebenen Werts mit jedem Kriterium in ${years.length} Jahren (kräftig: Nachweis geprüft, hell: nur erklärt). Die Werte stehen in der Tabelle daneben.`}
                    rowHeader="Jahr"
                    series={series}
                    groups={years.map((y) => groupOf(y, 'awarded'))}
                    extraLabel="nur erklärt"
                    testId="bericht-jahre"
                  />
                )}
              </section>
              <p className="kern-body">
                Herunterladen:{' '}
                <a className="kern-link" href={sustainabilityExportUrl('xlsx', districtKey)} download>
                  Bericht als Excel-Tabelle
                </a>
                {' · '}
                <a className="kern-link" href={sustainabilityExportUrl('csv', districtKey)} download>
                  Bericht als CSV (offene Daten)
                </a>
              </p>
              <p className="kern-body kern-body--small">Stand: {formatDateTime(r.generatedAt)}</p>
            </>
          );
        }}
      </QueryList>
    </div>
  );
}
