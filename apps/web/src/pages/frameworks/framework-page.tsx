import {
  callOffMethodLabel,
  formatDate,
  formatNumber,
  formatQuantity,
  FRAMEWORK_WARNING_SHARE_PERCENT,
  frameworkStatusLabel,
} from '@buendel/domain/display';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import {
  consumptionWorkbookUrl,
  frameworkOcdsUrl,
  useFramework,
  type ConsumptionRow,
  type Framework,
} from '../../api/frameworks';
import { Alert } from '../../components/alert';
import { DataTable, QueryList } from '../../components/data-table';
import { Facts } from '../../components/facts';
import { useCurrentUser } from '../../lib/current-user';
import { CallOffForm } from './call-off-form';
import { CallOffsSection } from './call-offs-section';
import { NextBundleForm } from './next-bundle-form';

/**
 * A framework agreement: its term and suppliers per lot, the consumption per lot, item and
 * participant (estimated, maximum, called off, delivered, left; the coordinator sees every
 * participant, a participant its own, a supplier those of its lots) with the warning at 80 %
 * of a maximum, the downloads (XLSX, OCDS), for a participant the call-off form, for everyone
 * the call-offs they see with what they can do, and for the coordinator the next bundle.
 */
export function FrameworkPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const query = useFramework(id);
  useEffect(() => {
    document.title = `${query.data?.framework.title ?? 'Rahmenvereinbarung'} – Bündel`;
  }, [query.data?.framework.title]);
  return (
    <QueryList query={query} loading="Rahmenvereinbarung wird geladen …" empty={() => undefined}>
      {({ framework, consumption }) => {
        const coordinator = me.role === 'coordinator' && framework.coordinatorOrganisationId === me.organisationId;
        const warned = consumption.filter((r) => r.usedPercent >= FRAMEWORK_WARNING_SHARE_PERCENT);
        return (
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
                {' – '}Abruf: {lot.callOffMethods.map(callOffMethodLabel).join(', ')}
              </p>
            ))}
            {warned.length > 0 && me.role !== 'supplier' && (
              <Alert kind="warning" title={`${FRAMEWORK_WARNING_SHARE_PERCENT} % einer Höchstmenge erreicht`}>
                <ul className="kern-list" data-testid="hoechstmengen-warnung">
                  {warned.map((r) => (
                    <li key={`${r.itemId}|${r.organisationId}`}>
                      {r.organisationName}: {r.cpvLabel} zu {formatNumber(r.usedPercent)} % abgerufen, noch{' '}
                      {formatQuantity(r.leftQuantity, r.unit)} von {formatQuantity(r.maximumQuantity, r.unit)}
                    </li>
                  ))}
                </ul>
                <p className="kern-body">
                  Über die Höchstmenge hinaus hat die Rahmenvereinbarung keine Wirkung (EuGH C-23/20).
                </p>
              </Alert>
            )}
            <section className="kern-stack" aria-labelledby="verbrauch">
              <h2 className="kern-heading-medium" id="verbrauch">
                Verbrauch
              </h2>
              <DataTable
                caption="Geschätzt, Höchstmenge, abgerufen, geliefert und verbleibend je Los, Position und Organisation"
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
                  { header: 'Geliefert', numeric: true, cell: (r) => formatQuantity(r.deliveredQuantity, r.unit) },
                ]}
              />
              <ul className="kern-list" data-testid="downloads">
                <li>
                  <a className="kern-link" href={consumptionWorkbookUrl(framework.id)} download>
                    Verbrauch als Excel-Datei herunterladen
                  </a>
                </li>
                <li>
                  <a
                    className="kern-link"
                    href={frameworkOcdsUrl(framework.id)}
                    download={`${framework.number}-ocds.json`}
                  >
                    Abrufe als OCDS-Daten (JSON) herunterladen
                  </a>
                </li>
              </ul>
            </section>
            {framework.mayCallOff && framework.status === 'active' && (
              <CallOffForm framework={framework} consumption={consumption} />
            )}
            {framework.mayCallOff && framework.status !== 'active' && (
              <Alert kind="info" title="Abrufe sind nicht mehr möglich.">
                <p className="kern-body" data-testid="rahmenvereinbarung-beendet">
                  Die Rahmenvereinbarung ist seit {formatDate(framework.endedAt)} beendet:{' '}
                  {framework.endReason === 'exhausted'
                    ? 'alle Höchstmengen sind abgerufen.'
                    : `ihre Laufzeit endete am ${formatDate(framework.termTo)}.`}
                </p>
              </Alert>
            )}
            <CallOffsSection framework={framework} />
            {coordinator && <NextBundleForm framework={framework} />}
          </div>
        );
      }}
    </QueryList>
  );
}

function lotTitle(framework: Framework, row: ConsumptionRow): string {
  return framework.lots.find((l) => l.id === row.lotId)?.title ?? row.lotKey;
}
