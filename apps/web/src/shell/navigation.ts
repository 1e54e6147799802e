import type { Role } from '../auth/session';

export interface NavItem {
  to: string;
  label: string;
}

/** the navigation of each role: the pages that role works with, in German */
export const NAVIGATION: Record<Role, NavItem[]> = {
  buyer: [
    { to: '/', label: 'Start' },
    { to: '/bedarfe', label: 'Bedarfe' },
    { to: '/bedarfe/import', label: 'Import' },
    { to: '/buendel', label: 'Bündel' },
    { to: '/vertraege', label: 'Verträge' },
    { to: '/rahmenvereinbarungen', label: 'Rahmenvereinbarungen' },
    { to: '/benachrichtigungen', label: 'Benachrichtigungen' },
    { to: '/stammdaten', label: 'Stammdaten' },
  ],
  coordinator: [
    { to: '/', label: 'Start' },
    { to: '/buendel', label: 'Bündel' },
    { to: '/buendel/neu', label: 'Bündel anlegen' },
    { to: '/vergabe', label: 'Vergaben' },
    { to: '/bedarfe', label: 'Bedarfe' },
    { to: '/bedarfe/import', label: 'Import' },
    { to: '/vertraege', label: 'Verträge' },
    { to: '/rahmenvereinbarungen', label: 'Rahmenvereinbarungen' },
    { to: '/berichte/nachhaltigkeit', label: 'Nachhaltigkeit' },
    { to: '/benachrichtigungen', label: 'Benachrichtigungen' },
    { to: '/stammdaten', label: 'Stammdaten' },
  ],
  supplier: [
    { to: '/', label: 'Start' },
    { to: '/markt/ausschreibungen', label: 'Ausschreibungen' },
    { to: '/markt', label: 'Marktübersicht' },
    { to: '/vertraege', label: 'Verträge' },
    { to: '/rahmenvereinbarungen', label: 'Rahmenvereinbarungen' },
    { to: '/nachweise', label: 'Nachweise' },
    { to: '/abonnements', label: 'Abonnements' },
    { to: '/benachrichtigungen', label: 'Benachrichtigungen' },
    { to: '/stammdaten', label: 'Stammdaten' },
  ],
  admin: [
    { to: '/', label: 'Start' },
    { to: '/verwaltung/organisationen', label: 'Organisationen' },
    { to: '/verwaltung/koordination', label: 'Koordination' },
    { to: '/berichte/nachhaltigkeit', label: 'Nachhaltigkeit' },
  ],
};

export const ROLE_LABELS: Record<Role, string> = {
  buyer: 'Einkauf',
  coordinator: 'Koordination',
  supplier: 'Lieferant',
  admin: 'Plattformverwaltung',
};
