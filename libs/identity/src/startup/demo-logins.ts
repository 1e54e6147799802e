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

/** public-body users; their organisations come from the reference data (reference_key) */
export const DEMO_PUBLIC_BODY_USERS: ReadonlyArray<{
  /** the person's display name */
  name: string;
  email: string;
  role: Extract<UserRole, 'buyer' | 'coordinator'>;
  referenceKey: string;
  organisation: string;
}> = [
  {
    name: 'Sabine Hoffmann',
    email: 'koordination.landkreis@zwickau.demo.buendel.local',
    role: 'coordinator',
    referenceKey: 'kreis:14524',
    organisation: 'Landkreis Zwickau',
  },
  {
    name: 'Jens Lehmann',
    email: 'einkauf@zwickau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524330',
    organisation: 'Stadt Zwickau',
  },
  {
    name: 'Anja Schubert',
    email: 'einkauf@glauchau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524080',
    organisation: 'Stadt Glauchau',
  },
  {
    name: 'Frank Neumann',
    email: 'einkauf@werdau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524300',
    organisation: 'Stadt Werdau',
  },
  {
    name: 'Petra Fischer',
    email: 'einkauf@crimmitschau.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524030',
    organisation: 'Stadt Crimmitschau',
  },
  {
    name: 'Uwe Krause',
    email: 'einkauf@meerane.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524190',
    organisation: 'Stadt Meerane',
  },
  {
    name: 'Monika Vogel',
    email: 'einkauf@callenberg.demo.buendel.local',
    role: 'buyer',
    referenceKey: 'ags:14524020',
    organisation: 'Gemeinde Callenberg',
  },
];

/** supplier organisations the demo creates itself (valid, made-up German VAT ids) */
export const DEMO_SUPPLIERS: ReadonlyArray<{
  email: string;
  companyName: string;
  vatId: string;
  contactName: string;
  address: PostalAddress;
}> = [
  {
    email: 'vertrieb@muldental-buero.demo.buendel.local',
    companyName: 'Muldental Büroausstattung GmbH',
    vatId: 'DE274518039',
    contactName: 'Katrin Weber',
    address: { street: 'Äußere Schneeberger Straße 12', postalCode: '08056', city: 'Zwickau', country: 'DE' },
  },
  {
    email: 'vertrieb@sachsen-emobil.demo.buendel.local',
    companyName: 'Sachsen E-Mobil AG',
    vatId: 'DE319046522',
    contactName: 'Thomas Richter',
    address: { street: 'Leipziger Straße 45', postalCode: '09113', city: 'Chemnitz', country: 'DE' },
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
