import type { PostalAddress, UserRole } from '@buendel/persistence';

/**
 * The demo data (DEMO_DATA=true, the default of `npm start`): Landkreis Zwickau with a
 * coordinator, buyers in six of its municipalities, and two suppliers. The passwords are
 * fixed and public on purpose: this is demo data, never loaded unless asked for.
 */
export const DEMO_PASSWORD = 'buendel-demo-2026';

export interface DemoLogin {
  email: string;
  password: string;
  role: UserRole;
  organisation: string;
}

/** a public body's procurement office: its address and contact point */
export interface DemoOffice {
  address: PostalAddress;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

/** public-body users; their organisations come from the reference data (reference_key) */
export const DEMO_PUBLIC_BODY_USERS: ReadonlyArray<{
  /** the person's display name */
  name: string;
  email: string;
  role: Extract<UserRole, 'buyer' | 'coordinator'>;
  referenceKey: string;
  organisation: string;
  /**
   * the procurement office as the public notices (eForms) name it: without it no demo tender
   * could be published, and the web app has no page for it. Made up for the demo: a street in
   * the town, an address of the demo's mail domain, and a telephone number that cannot exist
   * (its subscriber number starts with 0).
   */
  office: DemoOffice;
}> = [
  {
    name: 'Sabine Hoffmann',
    email: 'koordination.landkreis@zwickau.demo.buendel.local',
    role: 'coordinator',
    referenceKey: 'kreis:14524',
    organisation: 'Landkreis Zwickau',
    office: {
      address: { street: 'Robert-Müller-Straße 4-8', postalCode: '08056', city: 'Zwickau', country: 'DE' },
      contactName: 'Zentrale Vergabestelle',
      contactEmail: 'vergabe@landkreis.zwickau.demo.buendel.local',
      contactPhone: '+49 375 0000-100',
    },
  },
  {
    name: 'Jens Lehmann',
    email: 'einkauf@zwickau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524330',
    organisation: 'Stadt Zwickau',
    office: {
      address: { street: 'Hauptmarkt 1', postalCode: '08056', city: 'Zwickau', country: 'DE' },
      contactName: 'Vergabestelle',
      contactEmail: 'vergabe@zwickau.demo.buendel.local',
      contactPhone: '+49 375 0000-200',
    },
  },
  {
    name: 'Anja Schubert',
    email: 'einkauf@glauchau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524080',
    organisation: 'Stadt Glauchau',
    office: {
      address: { street: 'Markt 1', postalCode: '08371', city: 'Glauchau', country: 'DE' },
      contactName: 'Vergabestelle',
      contactEmail: 'vergabe@glauchau.demo.buendel.local',
      contactPhone: '+49 3763 0000-0',
    },
  },
  {
    name: 'Frank Neumann',
    email: 'einkauf@werdau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524300',
    organisation: 'Stadt Werdau',
    office: {
      address: { street: 'Markt 10', postalCode: '08412', city: 'Werdau', country: 'DE' },
      contactName: 'Vergabestelle',
      contactEmail: 'vergabe@werdau.demo.buendel.local',
      contactPhone: '+49 3761 0000-0',
    },
  },
  {
    name: 'Petra Fischer',
    email: 'einkauf@crimmitschau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524030',
    organisation: 'Stadt Crimmitschau',
    office: {
      address: { street: 'Markt 1', postalCode: '08451', city: 'Crimmitschau', country: 'DE' },
      contactName: 'Vergabestelle',
      contactEmail: 'vergabe@crimmitschau.demo.buendel.local',
      contactPhone: '+49 3762 0000-0',
    },
  },
  {
    name: 'Uwe Krause',
    email: 'einkauf@meerane.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524190',
    organisation: 'Stadt Meerane',
    office: {
      address: { street: 'Markt 1', postalCode: '08393', city: 'Meerane', country: 'DE' },
      contactName: 'Vergabestelle',
      contactEmail: 'vergabe@meerane.demo.buendel.local',
      contactPhone: '+49 3764 0000-0',
    },
  },
  {
    name: 'Monika Vogel',
    email: 'einkauf@callenberg.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524020',
    organisation: 'Gemeinde Callenberg',
    office: {
      address: { street: 'Hauptstraße 1', postalCode: '09337', city: 'Callenberg', country: 'DE' },
      contactName: 'Gemeindeverwaltung',
      contactEmail: 'vergabe@callenberg.demo.buendel.local',
      contactPhone: '+49 3723 0000-0',
    },
  },
];

/** supplier organisations the demo creates itself (valid, made-up German VAT ids) */
export const DEMO_SUPPLIERS: ReadonlyArray<{
  email: string;
  companyName: string;
  vatId: string;
  contactName: string;
  address: PostalAddress;
  /** what an award notice names of a winner (eForms BT-165, BT-506, BT-507) */
  nuts3: string;
  contactPhone: string;
  companySize: 'micro' | 'small' | 'medium' | 'large';
}> = [
  {
    email: 'vertrieb@muldental-buero.demo.buendel.local',
    companyName: 'Muldental Büroausstattung GmbH',
    vatId: 'DE274518039',
    contactName: 'Katrin Weber',
    address: { street: 'Äußere Schneeberger Straße 12', postalCode: '08056', city: 'Zwickau', country: 'DE' },
    nuts3: 'DED45',
    contactPhone: '+49 375 0000-300',
    companySize: 'small',
  },
  {
    email: 'vertrieb@sachsen-emobil.demo.buendel.local',
    companyName: 'Sachsen E-Mobil AG',
    vatId: 'DE319046522',
    contactName: 'Thomas Richter',
    address: { street: 'Leipziger Straße 45', postalCode: '09113', city: 'Chemnitz', country: 'DE' },
    nuts3: 'DED41',
    contactPhone: '+49 371 0000-400',
    companySize: 'medium',
  },
];

/** every demo login, for the launcher's banner and for people trying the product */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  ...DEMO_PUBLIC_BODY_USERS.map((u) => ({
    email: u.email,
    password: DEMO_PASSWORD,
    role: u.role,
    organisation: u.organisation,
  })),
  ...DEMO_SUPPLIERS.map((s) => ({
    email: s.email,
    password: DEMO_PASSWORD,
    role: 'supplier' as const,
    organisation: s.companyName,
  })),
];
