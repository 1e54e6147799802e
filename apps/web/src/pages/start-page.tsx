import {
  formatCount,
  formatDate,
  formatDateTime,
  formatEur,
  regimeShortLabel,
  timeLeftLabel,
} from '@buendel/domain/display';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Me } from '../auth/session';
import { useDemands, type Demand } from '../api/demands';
import { useCpvPrefixNames } from '../api/cpv-names';
import { useDistrictNames } from '../api/districts';
import { useBundleListEvents } from '../api/bundles';
import {
  OPEN_BUNDLES_KEY,
  useDemandMatches,
  useMarketSummary,
  useOpenBundles,
  useSubscriptions,
  type BundleMatch,
} from '../api/start';
import { useCriterionName } from '../components/criterion-names';
import { CpvPrefixNames } from '../components/cpv-prefix-names';
import { DataTable, QueryList } from '../components/data-table';
import { DistrictNames } from '../components/district-names';
import { LiveBadge } from '../components/live-badge';
import { useCurrentUser } from '../lib/current-user';
import { mismatchReasonDe } from '../lib/mismatch-de';
import { NAVIGATION, ROLE_LABELS } from '../shell/navigation';
import { BUNDLE_COLUMNS, BUNDLE_TITLE_COLUMN } from './bundles/bundles-page';
import { DEMAND_COLUMNS } from './demands/demands-page';

/** bundles whose opt-in deadline is this close count as "soon" */
const SOON_MS = 14 * 86_400_000;

/** The start page of each role: what that role works on now. */
export function StartPage() {
  const me = useCurrentUser();
  useEffect(() => {
    document.title = 'Start – Bündel';
  }, []);
  return (
    <div className="kern-stack">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Willkommen bei Bündel</h1>
        <p className="kern-subline">
          {me.organisation.name} · {ROLE_LABELS[me.role]}
        </p>
      </hgroup>
      {me.role === 'buyer' ? (
        <BuyerStart />
      ) : me.role === 'coordinator' ? (
        <CoordinatorStart me={me} />
      ) : me.role === 'supplier' ? (
        <SupplierStart />
      ) : (
        <ul className="kern-stack">
          {NAVIGATION[me.role]
            .filter((item) => item.to !== '/')
            .map((item) => (
              <li key={item.to}>
                <Link className="kern-link" to={item.to}>
                  {item.label}
                </Link>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="kern-stack">
      <h2 className="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** a buyer: its open demands, the bundles they fit (and why the others do not), deadlines soon */
function BuyerStart() {
  const demands = useDemands({ status: 'open', page: 1 });
  return (
    <>
      <Section id="offene-bedarfe" title="Ihre offenen Bedarfe">
        <QueryList
          query={demands}
          loading="Bedarfe werden geladen …"
          empty={(d) => (d.items.length ? undefined : 'Sie haben keine offenen Bedarfe.')}
        >
          {(data) => (
            <DataTable
              testId="start-bedarfe"
              caption={formatCount(data.total, 'offener Bedarf', 'offene Bedarfe')}
              columns={DEMAND_COLUMNS}
              rows={data.items}
              rowKey={(d) => d.id}
            />
          )}
        </QueryList>
        <p className="kern-body">
          <Link className="kern-link" to="/bedarfe">
            Bedarf erfassen
          </Link>{' '}
          ·{' '}
          <Link className="kern-link" to="/bedarfe/import">
            Bedarfe importieren
          </Link>
        </p>
      </Section>
      <Section id="passende-buendel" title="Passende Bündel">
        {demands.data && <Matches demands={demands.data.items} />}
      </Section>
      <Section id="fristen" title="Fristen in den nächsten 14 Tagen">
        <DeadlinesSoon />
      </Section>
    </>
  );
}

interface MatchRow {
  demand: Demand;
  match: BundleMatch;
}

function Matches({ demands }: { demands: Demand[] }) {
  const results = useDemandMatches(demands.map((d) => d.id));
  const districtName = useDistrictNames(
    results.flatMap((r) => r.data?.items.flatMap((m) => m.bundle.districtKeys) ?? []),
  );
  const criterionName = useCriterionName();
  const cpvName = useCpvPrefixNames(results.flatMap((r) => r.data?.items.flatMap((m) => m.bundle.cpvPrefixes) ?? []));
  if (demands.length === 0) return <p className="kern-body">Ohne offene Bedarfe gibt es keine passenden Bündel.</p>;
  if (results.some((r) => r.isPending))
    return (
      <p className="kern-body" role="status">
        Passende Bündel werden gesucht …
      </p>
    );
  const rows: MatchRow[] = demands
    .flatMap((demand, i) => (results[i]?.data?.items ?? []).map((match) => ({ demand, match })))
    .sort((a, b) => Number(b.match.canJoin) - Number(a.match.canJoin));
  if (rows.length === 0) return <p className="kern-body">Zurzeit ist kein Bündel für Ihre Bedarfe offen.</p>;
  return (
    <DataTable
      testId="start-passende-buendel"
      caption="Ihre offenen Bedarfe und die offenen Bündel Ihrer Region"
      columns={[
        { header: 'Bedarf', cell: (r) => r.demand.title },
        {
          header: 'Bündel',
          cell: (r) => (
            <Link className="kern-link" to={`/buendel/${r.match.bundle.id}`}>
              {r.match.bundle.title}
            </Link>
          ),
        },
        { header: 'Beitrittsfrist', cell: (r) => formatDate(r.match.bundle.joinDeadline) },
        {
          header: 'Passt?',
          cell: (r) =>
            r.match.canJoin ? (
              <span className="kern-badge kern-badge--success">passt</span>
            ) : (
              <ul className="app-reasons">
                {r.match.mismatches.map((m) => (
                  <li key={`${m.field}-${m.reason}`}>
                    {mismatchReasonDe(m, r.demand, r.match.bundle, districtName, criterionName, cpvName)}
                  </li>
                ))}
              </ul>
            ),
        },
      ]}
      rows={rows}
      rowKey={(r) => `${r.demand.id}-${r.match.bundle.id}`}
    />
  );
}

function DeadlinesSoon() {
  const bundles = useOpenBundles();
  return (
    <QueryList
      query={bundles}
      loading="Fristen werden geladen …"
      empty={(d) => (soon(d.items).length ? undefined : 'Keine Beitrittsfrist endet in den nächsten 14 Tagen.')}
    >
      {(data) => (
        <DataTable
          testId="start-fristen"
          caption="Offene Bündel, deren Beitrittsfrist bald endet"
          columns={[
            BUNDLE_TITLE_COLUMN,
            {
              header: 'Beitrittsfrist',
              cell: (b) => `${formatDateTime(b.joinDeadline)} (${timeLeftLabel(b.joinDeadline)})`,
            },
            { header: 'Beteiligt', cell: (b) => (b.participating ? 'ja' : 'nein') },
          ]}
          rows={soon(data.items)}
          rowKey={(b) => b.id}
        />
      )}
    </QueryList>
  );
}

function soon<B extends { joinDeadline: string }>(bundles: B[]): B[] {
  const now = Date.now();
  return bundles
    .filter((b) => {
      const t = Date.parse(b.joinDeadline);
      return t > now && t - now <= SOON_MS;
    })
    .sort((a, b) => Date.parse(a.joinDeadline) - Date.parse(b.joinDeadline));
}

/**
 * a coordinator: its open bundles with totals and regimes, kept live by one event stream for
 * them (a join or leave anywhere shows within a second, without reloading)
 */
function CoordinatorStart({ me }: { me: Me }) {
  const bundles = useOpenBundles();
  const mine = (items: NonNullable<typeof bundles.data>['items']) =>
    items
      .filter((b) => b.coordinatorOrganisationId === me.organisation.id)
      .sort((a, b) => Date.parse(a.joinDeadline) - Date.parse(b.joinDeadline));
  const live = useBundleListEvents(OPEN_BUNDLES_KEY, bundles.data ? mine(bundles.data.items).map((b) => b.id) : []);
  return (
    <Section id="eigene-buendel" title="Ihre offenen Bündel">
      <p className="kern-body">
        <Link className="kern-link" to="/buendel/neu">
          Bündel anlegen
        </Link>{' '}
        <LiveBadge live={live} testId="start-live" />
      </p>
      <QueryList
        query={bundles}
        loading="Bündel werden geladen …"
        empty={(d) => (mine(d.items).length ? undefined : 'Sie koordinieren zurzeit kein offenes Bündel.')}
      >
        {(data) => (
          <DataTable
            testId="start-eigene-buendel"
            caption="Ihre offenen Bündel, die nächste Frist zuerst (wird laufend aktualisiert)"
            columns={[
              ...BUNDLE_COLUMNS.filter((c) => c.header !== 'Status'),
              { header: 'Beteiligte', numeric: true, cell: (b) => b.aggregate?.participantCount ?? 0 },
            ]}
            rows={mine(data.items)}
            rowKey={(b) => b.id}
          />
        )}
      </QueryList>
      <p className="app-visually-hidden" aria-live="polite">
        {bundles.data
          ? mine(bundles.data.items)
              .map(
                (b) =>
                  `${b.title}: ${b.aggregate ? `${formatEur(b.aggregate.totalEstimatedValueEur)}, ${regimeShortLabel(b.aggregate.regime.scope)}` : 'wird berechnet'}`,
              )
              .join('; ')
          : ''}
      </p>
    </Section>
  );
}

/** a supplier: the aggregated market demand (an excerpt) and its subscriptions */
function SupplierStart() {
  const market = useMarketSummary();
  const subscriptions = useSubscriptions();
  return (
    <>
      <Section id="marktnachfrage" title="Gebündelte Nachfrage (Auszug)">
        <QueryList
          query={market}
          loading="Marktdaten werden geladen …"
          empty={(d) =>
            d.items.length ? undefined : 'Noch keine Nachfrage, die mindestens drei Organisationen teilen.'
          }
        >
          {(data) => (
            <DataTable
              testId="start-markt"
              caption={`Nachfrage nach CPV, Region und Quartal, anonymisiert${data.computedAt ? ` (Stand ${formatDateTime(data.computedAt)})` : ''}`}
              columns={[
                { header: 'CPV', cell: (c) => `${c.cpv.code ?? c.cpv.prefix} ${c.cpv.label ?? ''}` },
                { header: 'Region', cell: (c) => c.region.name ?? c.region.nuts3 ?? '' },
                { header: 'Zeitraum', cell: (c) => c.period.quarter ?? c.period.year },
                { header: 'Organisationen', numeric: true, cell: (c) => c.organisationCount },
                { header: 'Geschätzter Wert', numeric: true, cell: (c) => formatEur(c.estimatedValueEur) },
              ]}
              rows={data.items}
              rowKey={(c) =>
                `${c.cpv.prefix}-${c.region.districtKey ?? c.region.nuts3}-${c.period.quarter ?? c.period.year}`
              }
            />
          )}
        </QueryList>
        <p className="kern-body">
          <Link className="kern-link" to="/markt">
            Zur Marktübersicht
          </Link>
        </p>
      </Section>
      <Section id="abonnements" title="Ihre Abonnements">
        <QueryList
          query={subscriptions}
          loading="Abonnements werden geladen …"
          empty={(d) => (d.items.length ? undefined : 'Sie haben noch keine Ausschreibungen abonniert.')}
        >
          {(data) => (
            <DataTable
              testId="start-abonnements"
              caption={formatCount(data.total, 'Abonnement', 'Abonnements')}
              columns={[
                { header: 'CPV-Bereiche', cell: (s) => <CpvPrefixNames prefixes={s.cpvPrefixes} /> },
                {
                  header: 'Kreise',
                  cell: (s) => <DistrictNames keys={s.districtKeys} none="ganz Deutschland" />,
                },
                { header: 'Seit', cell: (s) => formatDate(s.createdAt) },
              ]}
              rows={data.items}
              rowKey={(s) => s.id}
            />
          )}
        </QueryList>
        <p className="kern-body">
          <Link className="kern-link" to="/abonnements">
            Abonnements verwalten
          </Link>
        </p>
      </Section>
    </>
  );
}
