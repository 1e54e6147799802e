import { InvalidInputError } from '../errors';
import { OcdsJointTenderInput } from './input';
import { OcdsRelease, OcdsReleasePackage } from './output';
import { OCDS_EXTENSIONS, OCID_PREFIX } from './constants';
import { assertStatusAllows, compactInstant, planningRationale, releaseTags } from './status';
import { PartyRegistry, registerParties } from './parties';
import { indexLots } from './lots';
import { buildTender } from './tender';
import { buildAward, buildContract, checkContracts, indexAwards } from './awards';
import { instant, optionalText, requireText } from './helpers';

// OCDS builder: Builder

/** Builds the OCDS 1.1 release package (one release) of a joint tender; throws InvalidInputError. */
export function buildOcdsReleasePackage(input: OcdsJointTenderInput): OcdsReleasePackage {
  const release = buildOcdsRelease(input);
  return {
    uri: requireText(input.packageUri, 'packageUri'),
    version: '1.1',
    extensions: [...OCDS_EXTENSIONS],
    publishedDate: instant(input.publishedDate, 'publishedDate'),
    publisher: {
      name: requireText(input.publisher.name, 'publisher.name'),
      ...optionalText('uri', input.publisher.uri),
    },
    ...optionalText('license', input.license),
    releases: [release],
  };
}

/** The release of the package on its own (e.g. for a record or an API that embeds releases). */
export function buildOcdsRelease(input: OcdsJointTenderInput): OcdsRelease {
  const { tender } = input;
  if (!OCID_PREFIX.test(input.ocidPrefix)) {
    throw new InvalidInputError(
      'ocidPrefix',
      `must be "ocds-" and six lowercase letters or digits, got "${input.ocidPrefix}"`,
    );
  }
  assertStatusAllows(input);
  const ocid = `${input.ocidPrefix}-${requireText(tender.id, 'tender.id')}`;
  const date = instant(input.releaseDate, 'releaseDate');
  const parties = new PartyRegistry();
  registerParties(parties, input);
  const lots = indexLots(input.lots);
  const awards = indexAwards(input, lots, parties);
  const contracts = checkContracts(input, awards, parties);
  const tag = releaseTags(tender.status, contracts.length);
  const procuringEntity = parties.reference(input.procuringEntity.id);

  return {
    ocid,
    id: `${ocid}-${tag[0]}-${compactInstant(date)}`,
    date,
    tag,
    initiationType: 'tender',
    language: 'de',
    parties: parties.organizations(),
    buyer: procuringEntity,
    planning: { rationale: planningRationale(tender.bundleId, parties.countWithRole('buyer')) },
    tender: buildTender(input, lots, awards, parties),
    ...(tender.status === 'awarded'
      ? {
          awards: awards.map((a) => buildAward(a, contracts, parties)),
          contracts: contracts.map((c) => buildContract(c, parties)),
        }
      : {}),
  };
}
