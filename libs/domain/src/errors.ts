/**
 * Errors thrown by the domain rules. Each has a stable, machine-readable `code`, so the
 * feature layer can map it to a problem-details response without parsing messages.
 */
export class DomainRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument breaks the contract of a domain function; `field` names the offending input. */
export class InvalidInputError extends DomainRuleError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('INVALID_INPUT', `${field}: ${message}`, { field });
  }
}
