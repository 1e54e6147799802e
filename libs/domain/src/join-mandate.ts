/**
 * The mandate to join: a public body may require a decision of its council or its mayor for a
 * join above a value it sets. Such a join is provisional until the decision (date, body, file)
 * is recorded; at the deadline a join still waiting is dropped or kept, as the bundle says.
 */

/** who decided: the council (Gemeinderat, Stadtrat, Kreistag) or the mayor (Bürgermeister, Landrat) */
export const MANDATE_BODIES = ['council', 'mayor'] as const;
export type MandateBody = (typeof MANDATE_BODIES)[number];

export const MANDATE_BODY_LABELS: Readonly<Record<MandateBody, string>> = {
  council: 'Gemeinderat / Kreistag',
  mayor: 'Bürgermeister / Landrat',
};

/** what the bundle does with joins still waiting for their mandate at the deadline */
export const PROVISIONAL_JOIN_RULES = ['drop', 'keep'] as const;
export type ProvisionalJoinRule = (typeof PROVISIONAL_JOIN_RULES)[number];

/** awaiting: no decision yet; recorded: decided; kept / dropped: the deadline came without a decision */
export const JOIN_MANDATE_STATUSES = ['awaiting', 'recorded', 'kept', 'dropped'] as const;
export type JoinMandateStatus = (typeof JOIN_MANDATE_STATUSES)[number];

export const JOIN_MANDATE_STATUS_LABELS: Readonly<Record<JoinMandateStatus, string>> = {
  awaiting: 'wartet auf Beschluss',
  recorded: 'Beschluss liegt vor',
  kept: 'ohne Beschluss beibehalten',
  dropped: 'ohne Beschluss entfallen',
};

/** whether a join worth `valueCents` needs a mandate under the organisation's rule (null: none needed) */
export function needsJoinMandate(valueCents: number, aboveCents: number | null): boolean {
  return aboveCents !== null && valueCents > aboveCents;
}

/** a join waits for its mandate: it is provisional (awaiting, or kept at the deadline without a decision) */
export function isProvisionalJoin(status: JoinMandateStatus): boolean {
  return status === 'awaiting' || status === 'kept';
}

/** what becomes of a join still waiting at the deadline */
export function atDeadline(rule: ProvisionalJoinRule): 'dropped' | 'kept' {
  return rule === 'drop' ? 'dropped' : 'kept';
}
