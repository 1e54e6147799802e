import type { EformsProblem } from './check';
import { COUNTRY_ALPHA3 } from './codes';
import { isBlank as blank, isEformsEmail, isEformsTelephone, isEformsUrl, isNuts3 } from './formats';
import type { EformsOrganisationInput } from './input';

/**
 * The checks of one organisation of a notice (a buyer, the review body, a winner) before any XML
 * is written: its name, identifier, address with NUTS-3 code and the contact its role needs.
 */

/**
 * `full`: buyers need an e-mail address and a telephone number (BT-506, BT-503); `email`: a
 * winner needs an e-mail address (eForms-DE); `none`: the review body needs neither.
 */
export type ContactNeed = 'full' | 'email' | 'none';

/** a role in a notice, named in English and German */
export interface Role {
  en: string;
  de: string;
}

export const BUYER: Role = { en: 'Buyer', de: 'Auftraggeber' };
export const REVIEW_BODY: Role = { en: 'Review body', de: 'Vergabekammer' };
export const WINNER: Role = { en: 'Winner', de: 'Zuschlagsempfänger' };

export function checkOrganisation(
  org: EformsOrganisationInput,
  role: Role,
  need: ContactNeed,
  out: EformsProblem[],
): void {
  const at = `organisations.${org.id}`;
  const name = org.name || org.id;
  const add = (field: string, reason: string, de: string) =>
    out.push({ field: `${at}.${field}`, reason: `${role.en} "${name}": ${reason}`, de: `${role.de} „${name}“: ${de}` });
  if (blank(org.name)) add('name', 'the name is missing (BT-500).', 'der Name fehlt (BT-500).');
  if (blank(org.identifier))
    add(
      'identifier',
      'the identifier is missing (BT-501: Leitweg-ID, official municipality key (AGS) or VAT number).',
      'die Kennung fehlt (BT-501: Leitweg-ID, Amtlicher Gemeindeschlüssel oder USt-IdNr.).',
    );
  const a = org.address;
  if (!a) {
    add(
      'address',
      'the address is missing (street, postal code, town, NUTS-3 code); please add it to the master data.',
      'die Anschrift fehlt (Straße, Postleitzahl, Ort, NUTS-3-Code); bitte in den Stammdaten ergänzen.',
    );
  } else {
    if (blank(a.postalCode))
      add('address.postalCode', 'the postal code is missing (BT-512).', 'die Postleitzahl fehlt (BT-512).');
    if (blank(a.city)) add('address.city', 'the town is missing (BT-513).', 'der Ort fehlt (BT-513).');
    const country = (a.country ?? 'DE').toUpperCase();
    if (!COUNTRY_ALPHA3[country])
      add(
        'address.country',
        `the country "${country}" is not supported (BT-514).`,
        `das Land „${country}“ wird nicht unterstützt (BT-514).`,
      );
    if (blank(a.nuts3))
      add(
        'address.nuts3',
        'the NUTS-3 code of the address is missing (BT-507).',
        'der NUTS-3-Code der Anschrift fehlt (BT-507).',
      );
    else if (!isNuts3(a.nuts3 ?? ''))
      add(
        'address.nuts3',
        `"${a.nuts3}" is not a NUTS-3 code (BT-507).`,
        `„${a.nuts3}“ ist kein NUTS-3-Code (BT-507).`,
      );
  }
  if (org.website && !isEformsUrl(org.website))
    add(
      'website',
      `"${org.website}" is not a valid web address (BT-505).`,
      `„${org.website}“ ist keine gültige Internetadresse (BT-505).`,
    );
  const c = org.contact;
  if (blank(c?.email)) {
    if (need !== 'none')
      add(
        'contact.email',
        'the e-mail address of the contact point is missing (BT-506).',
        'die E-Mail-Adresse der Kontaktstelle fehlt (BT-506).',
      );
  } else if (!isEformsEmail(c?.email ?? '')) {
    add(
      'contact.email',
      `"${c?.email}" is not a valid e-mail address (BT-506).`,
      `„${c?.email}“ ist keine gültige E-Mail-Adresse (BT-506).`,
    );
  }
  if (blank(c?.telephone)) {
    if (need === 'full')
      add(
        'contact.telephone',
        'the telephone number of the contact point is missing (BT-503).',
        'die Telefonnummer der Kontaktstelle fehlt (BT-503).',
      );
  } else if (!isEformsTelephone(c?.telephone ?? '')) {
    add(
      'contact.telephone',
      `"${c?.telephone}" is not a valid telephone number (BT-503, e.g. +49 375 4402-0).`,
      `„${c?.telephone}“ ist keine gültige Telefonnummer (BT-503, z. B. +49 375 4402-0).`,
    );
  }
}
