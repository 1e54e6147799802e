import { DomainRuleError } from './errors';

/**
 * Status machines of demands and bundles as transition tables.
 *
 * Demand: `draft` -> `open` (published for bundling) -> `bundled` (joined a bundle) ->
 * `tendered` (the bundle became a joint tender) -> `awarded`. A demand leaves a bundle before
 * the opt-in deadline, or when the bundle or its tender is cancelled, by going back to `open`;
 * `draft` and `open` demands can be withdrawn. `awarded` and `withdrawn` are final.
 *
 * Bundle: `open` -> `closed` (opt-in deadline or closed early; volumes frozen) ->
 * `tendering` -> `awarded`; `cancelled` from any non-final state.
 */

export const DEMAND_STATUSES = ['draft', 'open', 'bundled', 'tendered', 'awarded', 'withdrawn'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const BUNDLE_STATUSES = ['open', 'closed', 'tendering', 'awarded', 'cancelled'] as const;
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];

export interface StatusMachine<S extends string> {
  entity: string;
  /** status -> statuses it may move to */
  transitions: Readonly<Record<S, readonly S[]>>;
}

export const DEMAND_STATUS_MACHINE: StatusMachine<DemandStatus> = Object.freeze({
  entity: 'demand',
  transitions: Object.freeze({
    draft: ['open', 'withdrawn'],
    open: ['draft', 'bundled', 'withdrawn'],
    bundled: ['open', 'tendered'],
    tendered: ['awarded', 'open'],
    awarded: [],
    withdrawn: [],
  } as const),
});

export const BUNDLE_STATUS_MACHINE: StatusMachine<BundleStatus> = Object.freeze({
  entity: 'bundle',
  transitions: Object.freeze({
    open: ['closed', 'cancelled'],
    closed: ['tendering', 'cancelled'],
    tendering: ['awarded', 'cancelled'],
    awarded: [],
    cancelled: [],
  } as const),
});

/** A status change that the machine does not allow. */
export class InvalidTransitionError extends DomainRuleError {
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
  ) {
    super(
      'INVALID_STATUS_TRANSITION',
      `A ${entity} cannot change from ${from} to ${to}` +
        (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ` (${from} is final)`),
      { entity, from, to, allowed },
    );
  }
}

/** True if the machine allows `from` -> `to` (unknown statuses are never allowed). */
export function canTransition<S extends string>(machine: StatusMachine<S>, from: S, to: S): boolean {
  const next: readonly S[] | undefined = Object.prototype.hasOwnProperty.call(machine.transitions, from)
    ? machine.transitions[from]
    : undefined;
  return next?.includes(to) ?? false;
}

/** Throws InvalidTransitionError unless the machine allows `from` -> `to`. */
export function assertTransition<S extends string>(machine: StatusMachine<S>, from: S, to: S): void {
  if (!canTransition(machine, from, to)) {
    const allowed = Object.prototype.hasOwnProperty.call(machine.transitions, from) ? machine.transitions[from] : [];
    throw new InvalidTransitionError(machine.entity, from, to, allowed);
  }
}

/** True for a status without outgoing transitions. */
export function isFinalStatus<S extends string>(machine: StatusMachine<S>, status: S): boolean {
  return Object.prototype.hasOwnProperty.call(machine.transitions, status) && machine.transitions[status].length === 0;
}

export function isDemandStatus(status: string): status is DemandStatus {
  return Object.prototype.hasOwnProperty.call(DEMAND_STATUS_MACHINE.transitions, status);
}

/**
 * The buyer may still change (or withdraw) a demand: a draft, an open one, and a bundled one
 * (that leaves its bundle first, bundled -> open -> withdrawn). Once its bundle became a tender
 * (tendered, awarded) or it is withdrawn, it is fixed. Derived from the machine: the statuses
 * that move to `withdrawn`, and the one in a bundle.
 */
export function isDemandChangeable(status: string): boolean {
  return (
    isDemandStatus(status) && (canTransition(DEMAND_STATUS_MACHINE, status, 'withdrawn') || isDemandInBundle(status))
  );
}

/** a demand in a bundle: its status follows the bundle, not the buyer */
export function isDemandInBundle(status: string): boolean {
  return isDemandStatus(status) && canTransition(DEMAND_STATUS_MACHINE, status, 'tendered');
}

/** a draft stays a draft when a change names no status; any other changeable demand is open */
export function statusAfterChange(current: DemandStatus, requested: DemandStatus | undefined): DemandStatus {
  return requested ?? (current === 'draft' ? 'draft' : 'open');
}
