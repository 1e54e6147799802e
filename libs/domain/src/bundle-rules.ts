import { checkDemandAgainstBundle, type BundleToMatch, type DemandToMatch, type Mismatch } from './criteria';
import {
  canTransition,
  BUNDLE_STATUS_MACHINE,
  DEMAND_STATUS_MACHINE,
  isDemandStatus,
  type BundleStatus,
  type DemandStatus,
} from './demand-status';
import { demandStatusLabel } from './display';

/**
 * Rules of a bundle that the services apply: who sees it, whether it still takes changes, which
 * status changes a coordinator may make, and why a demand cannot join. The repository writes the
 * visibility rule once more in SQL, for lists; test/integration/bundles.repository.integration-spec.ts
 * checks the SQL form against this one.
 */

/** who is looking: the organisation and the districts of its region (its own and those it coordinates) */
export interface BundleViewer {
  organisationId: string;
  regionKeys: readonly string[];
}

export interface VisibilityFacts {
  coordinatorOrganisationId: string;
  districtKeys: readonly string[];
}

/** A bundle is visible to its coordinator, to organisations of a district it covers, and to every participant. */
export function isBundleVisible(bundle: VisibilityFacts, viewer: BundleViewer, participates: boolean): boolean {
  return (
    bundle.coordinatorOrganisationId === viewer.organisationId ||
    participates ||
    bundle.districtKeys.some((k) => viewer.regionKeys.includes(k))
  );
}

/** open and before its deadline: joins, leaves and changes of bound demands are allowed */
export function bundleAcceptsChanges(status: string, joinDeadline: Date, now: Date): boolean {
  return isBundleOpen(status) && joinDeadline.getTime() > now.getTime();
}

/**
 * open: taking participations until its deadline (after the deadline it is still open until
 * closed). By the machine: the status that moves to `closed`.
 */
export function isBundleOpen(status: string): boolean {
  return isBundleStatus(status) && canTransition(BUNDLE_STATUS_MACHINE, status, 'closed');
}

/** a closed bundle (volumes frozen) becomes a tender */
export function canTenderBundle(status: string): boolean {
  return isBundleStatus(status) && canTransition(BUNDLE_STATUS_MACHINE, status, 'tendering');
}

/** the coordinator closes an open bundle (early, or the deadline does) */
export function canCloseBundle(status: string): boolean {
  return isBundleStatus(status) && canTransition(BUNDLE_STATUS_MACHINE, status, 'closed');
}

/**
 * The coordinator cancels an open or closed bundle. A bundle in tendering (the status whose
 * tender may be awarded) is cancelled with its tender (the machine allows tendering ->
 * cancelled, but not through the bundle).
 */
export function canCancelBundle(status: string): boolean {
  return (
    isBundleStatus(status) &&
    !canTransition(BUNDLE_STATUS_MACHINE, status, 'awarded') &&
    canTransition(BUNDLE_STATUS_MACHINE, status, 'cancelled')
  );
}

function isBundleStatus(status: string): status is BundleStatus {
  return Object.prototype.hasOwnProperty.call(BUNDLE_STATUS_MACHINE.transitions, status);
}

/**
 * why a demand in this status cannot join the bundle, or undefined. By the demand machine: only
 * a status that moves to `bundled` joins (open); a draft (it moves to `open` and may be
 * withdrawn) is told to open first.
 */
export function demandJoinProblem(
  demand: { status: DemandStatus | string; bundleId: string | null },
  bundleId: string,
): string | undefined {
  if (demand.bundleId === bundleId) return undefined;
  if (demand.bundleId) return `takes part in another bundle (${demand.bundleId})`;
  const status = demand.status;
  if (isDemandStatus(status) && canTransition(DEMAND_STATUS_MACHINE, status, 'bundled')) return undefined;
  if (
    isDemandStatus(status) &&
    canTransition(DEMAND_STATUS_MACHINE, status, 'open') &&
    canTransition(DEMAND_STATUS_MACHINE, status, 'withdrawn')
  )
    return 'is a draft; open it first (PATCH status open)';
  return `is ${status}`;
}

/** demandJoinProblem's reason in German, a whole sentence */
function demandJoinProblemDe(
  demand: { status: DemandStatus | string; bundleId: string | null },
  bundleId: string,
): string {
  if (demand.bundleId && demand.bundleId !== bundleId) return 'Der Bedarf nimmt schon an einem anderen Bündel teil.';
  if (demand.status === 'draft') return 'Der Bedarf ist ein Entwurf; geben Sie ihn zuerst frei.';
  return `Der Bedarf ist nicht offen (Status: ${demandStatusLabel(demand.status)}).`;
}

/** a demand as the join rule sees it: what it asks for, its status, and the bundle it is in */
export interface JoiningDemand extends DemandToMatch {
  status: DemandStatus | string;
  bundleId: string | null;
}

/** a reason a demand cannot join: one of checkDemandAgainstBundle's, or its status */
export interface JoinMismatch {
  field: Mismatch['field'] | 'status';
  reason: string;
  /** the reason in German */
  de: string;
}

/**
 * Why a demand cannot join the bundle (empty: it can): its status (demandJoinProblem), then
 * what checkDemandAgainstBundle finds (scope, region, delivery window, criteria).
 */
export function demandMismatches(demand: JoiningDemand, bundle: BundleToMatch & { id: string }): JoinMismatch[] {
  const statusProblem = demandJoinProblem(demand, bundle.id);
  return [
    ...(statusProblem
      ? [
          {
            field: 'status' as const,
            reason: `The demand ${statusProblem}`,
            de: demandJoinProblemDe(demand, bundle.id),
          },
        ]
      : []),
    ...checkDemandAgainstBundle({ demand, bundle }),
  ];
}
