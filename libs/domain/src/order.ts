/**
 * Code-unit order of two strings: locale-independent, so sorted output (OCDS
 * releases, lots, reports) does not depend on the runtime's ICU data.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
