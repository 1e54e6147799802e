import { formatDate } from '@buendel/domain/display';

interface MismatchBundle {
  cpvPrefixes: string[];
  districtKeys: string[];
  deliveryFrom: string;
  deliveryTo: string;
}

interface MismatchDemand {
  cpvCode: string;
  deliveryFrom: string;
  deliveryTo: string;
}

/**
 * Why a demand does not fit a bundle, in German: the matching API names the field of each
 * mismatch (its reason text is English, for the API's log), and the page words it from the
 * demand and the bundle it has at hand (the bundle's districts by `districtName`, a criterion
 * by `criterionName`, a CPV prefix with its name by `cpvName`).
 */
export function mismatchReasonDe(
  mismatch: { field: string; reason: string },
  demand: MismatchDemand,
  bundle: MismatchBundle,
  districtName: (key: string) => string = (key) => key,
  criterionName: (code: string) => string = (code) => code,
  cpvName: (prefix: string) => string = (prefix) => prefix,
): string {
  switch (mismatch.field) {
    case 'cpvCode':
      return `Der CPV-Code ${demand.cpvCode} liegt außerhalb des CPV-Bereichs des Bündels (${bundle.cpvPrefixes.map(cpvName).join(', ')}).`;
    case 'districtKey':
    case 'deliveryAgs':
      return /no delivery place/.test(mismatch.reason)
        ? 'Der Bedarf hat keinen Lieferort.'
        : `Der Lieferort liegt außerhalb der Kreise des Bündels (${bundle.districtKeys.map(districtName).join(', ')}).`;
    case 'deliveryWindow':
      return `Der Lieferzeitraum ${formatDate(demand.deliveryFrom)} bis ${formatDate(demand.deliveryTo)} überschneidet sich nicht mit dem des Bündels (${formatDate(bundle.deliveryFrom)} bis ${formatDate(bundle.deliveryTo)}).`;
    case 'criteria': {
      const code = /criterion ([A-Z0-9_]+)/.exec(mismatch.reason)?.[1];
      return code
        ? `Der Bedarf verlangt das Kriterium „${criterionName(code)}“, das das Bündel nicht vorschreibt.`
        : 'Der Bedarf verlangt ein Kriterium, das das Bündel nicht vorschreibt.';
    }
    case 'status':
      return 'Der Bedarf ist nicht offen (schon gebündelt, zurückgezogen oder ein Entwurf).';
    default:
      return 'Der Bedarf passt nicht zu diesem Bündel.';
  }
}
