import { centsToEur } from '../money';
import { FrameworkShare, frameworkSharesText, ocdsFrameworkMethod } from '../framework';
import { OcdsReleasePackage } from './output';

// OCDS builder: framework agreements (the techniques extension) and their call-offs as related processes

/** the framework agreement extension (named "techniques" in the OCDS registry), as in data/ocds */
export const OCDS_TECHNIQUES_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json';

export interface OcdsFrameworkInput {
  termFrom: string;
  termTo: string;
  termReason: string | null;
  suppliersPerLot: number;
  /** the maxima of every participant and item at the estimated unit prices */
  maximumValueCents: number;
  /** every participant's estimated and maximum quantity per item, which OCDS has no field for: in the description */
  shares?: readonly FrameworkShare[];
}

const dayStart = (date: string) => `${date}T00:00:00Z`;
const dayEnd = (date: string) => `${date}T23:59:59Z`;

/**
 * The tender of a framework agreement states it (CJEU C-23/20: the maximum quantity and value):
 * `tender.techniques.frameworkAgreement` with its method, suppliers, period, the reason of a
 * longer term and the maximum value. The call-offs are processes of their own, each naming the
 * framework as related process (buildCallOffReleases).
 */
export function withFrameworkAgreement(pkg: OcdsReleasePackage, input: OcdsFrameworkInput): OcdsReleasePackage {
  const [release] = pkg.releases;
  const frameworkAgreement = {
    method: ocdsFrameworkMethod(input.suppliersPerLot),
    minimumParticipants: 1,
    maximumParticipants: input.suppliersPerLot,
    period: { startDate: dayStart(input.termFrom), endDate: dayEnd(input.termTo) },
    ...(input.termReason ? { periodRationale: input.termReason } : {}),
    value: { amount: centsToEur(input.maximumValueCents), currency: 'EUR' },
    description: [
      'Rahmenvereinbarung (§ 21 VgV) mit geschätzter Menge und Höchstmenge je teilnehmender Organisation und Position; ' +
        'mit Erreichen der Höchstmenge entfaltet sie keine Wirkung mehr (EuGH C-23/20).',
      frameworkSharesText(input.shares ?? []),
    ]
      .filter(Boolean)
      .join('\n'),
  };
  return {
    ...pkg,
    extensions: [...new Set([...pkg.extensions, OCDS_TECHNIQUES_EXTENSION])],
    releases: [
      {
        ...release,
        tender: { ...release.tender, techniques: { hasFrameworkAgreement: true, frameworkAgreement } },
      },
    ],
  };
}

export interface OcdsCallOffInput {
  id: string;
  number: string;
  method: 'direct' | 'ranking' | 'mini-competition';
  status: string;
  createdAt: Date;
  orderedAt: Date | null;
  valueCents: number | null;
  buyer: { id: string; name: string };
  supplier: { id: string; name: string } | null;
  items: Array<{ itemId: string; cpvCode: string; unit: string; quantity: number; unitPriceEur: number | null }>;
}

/** the OCDS tender status of a call-off */
function callOffTenderStatus(status: string): 'active' | 'complete' | 'unsuccessful' | 'cancelled' {
  if (status === 'ordered') return 'complete';
  if (status === 'failed') return 'unsuccessful';
  if (status === 'cancelled') return 'cancelled';
  return 'active';
}

/**
 * One release per call-off, each its own contracting process whose related process is the
 * framework (relationship `framework`, by the framework tender's ocid); `tender.competitive`
 * says whether a mini-competition decided it; an ordered call-off has its award and contract.
 */
export function buildCallOffReleases(
  frameworkOcid: string,
  ocidPrefix: string,
  frameworkTitle: string,
  callOffs: OcdsCallOffInput[],
): Array<Record<string, unknown>> {
  return callOffs.map((c) => {
    const ocid = `${ocidPrefix}-${c.id}`;
    const date = (c.orderedAt ?? c.createdAt).toISOString();
    const supplier = c.status === 'ordered' ? c.supplier : null;
    const ordered = supplier !== null;
    const items = c.items.map((i) => ({
      id: i.itemId,
      classification: { scheme: 'CPV', id: i.cpvCode.slice(0, 8) },
      quantity: i.quantity,
      unit: {
        scheme: 'UNCEFACT',
        id: i.unit,
        ...(i.unitPriceEur === null ? {} : { value: { amount: i.unitPriceEur, currency: 'EUR' } }),
      },
    }));
    const parties = [
      { id: c.buyer.id, name: c.buyer.name, roles: ['buyer'] },
      ...(c.supplier ? [{ id: c.supplier.id, name: c.supplier.name, roles: ['supplier'] }] : []),
    ];
    const value = c.valueCents === null ? undefined : { amount: centsToEur(c.valueCents), currency: 'EUR' };
    return {
      ocid,
      id: `${ocid}-${ordered ? 'contract' : 'tender'}-${date.replace(/[-:.]/g, '')}`,
      date,
      tag: ordered ? ['award', 'contract'] : ['tender'],
      initiationType: 'tender',
      language: 'de',
      parties,
      buyer: { id: c.buyer.id, name: c.buyer.name },
      relatedProcesses: [
        { id: '1', relationship: ['framework'], title: frameworkTitle, scheme: 'ocid', identifier: frameworkOcid },
      ],
      tender: {
        id: c.number,
        title: `Abruf ${c.number}`,
        status: callOffTenderStatus(c.status),
        competitive: c.method === 'mini-competition',
        items,
        ...(value ? { value } : {}),
      },
      ...(supplier
        ? {
            awards: [
              {
                id: c.id,
                status: 'active',
                date,
                suppliers: [{ id: supplier.id, name: supplier.name }],
                ...(value ? { value } : {}),
                items,
              },
            ],
            contracts: [
              { id: c.number, awardID: c.id, status: 'active', dateSigned: date, ...(value ? { value } : {}), items },
            ],
          }
        : {}),
    };
  });
}
