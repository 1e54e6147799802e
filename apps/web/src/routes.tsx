import { createBrowserRouter, type RouteObject } from 'react-router';
import { prefetchEvaluation } from './api/tenders';
import { prefetchMe, RequireSession } from './auth/session';
import { BundleDetailPage } from './pages/bundles/bundle-detail-page';
import { BundlesPage } from './pages/bundles/bundles-page';
import { DemandsPage } from './pages/demands/demands-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { StartPage } from './pages/start-page';
import { AppShell } from './shell/app-shell';

/**
 * The pages behind the login, inside the app shell. A new page: its component in pages/,
 * its route here (pages that are not the first a user sees load lazily, to keep the first
 * page's JavaScript small), and its entry in shell/navigation.ts for the roles that use it.
 */
export const pageRoutes: RouteObject[] = [
  { index: true, element: <StartPage /> },
  { path: 'bedarfe', element: <DemandsPage /> },
  { path: 'buendel', element: <BundlesPage /> },
  {
    path: 'bedarfe/import',
    lazy: async () => ({ Component: (await import('./pages/imports/import-page')).ImportPage }),
  },
  {
    path: 'buendel/neu',
    lazy: async () => ({ Component: (await import('./pages/bundles/new-bundle-page')).NewBundlePage }),
  },
  { path: 'buendel/:id', element: <BundleDetailPage /> },
  {
    path: 'vergabe',
    lazy: async () => ({ Component: (await import('./pages/tenders/tenders-page')).TendersPage }),
  },
  {
    path: 'vergabe/:id',
    lazy: async () => ({ Component: (await import('./pages/tenders/tender-page')).TenderPage }),
  },
  {
    path: 'vergabe/:id/wertung',
    // its data is asked for beside its code, not after it (bench W1: 20 lots with 30 offers each)
    loader: ({ params }) => {
      if (params['id']) prefetchEvaluation(params['id']);
      return null;
    },
    lazy: async () => ({ Component: (await import('./pages/tenders/evaluation-page')).EvaluationPage }),
  },
  {
    path: 'benachrichtigungen',
    lazy: async () => ({
      Component: (await import('./pages/notifications/notifications-page')).NotificationsPage,
    }),
  },
  {
    path: 'markt',
    lazy: async () => ({ Component: (await import('./pages/suppliers/market-page')).MarketPage }),
  },
  {
    path: 'markt/ausschreibungen',
    lazy: async () => ({ Component: (await import('./pages/suppliers/tenders-page')).TendersPage }),
  },
  {
    path: 'markt/ausschreibungen/:id',
    lazy: async () => ({ Component: (await import('./pages/suppliers/tender-offer-page')).TenderOfferPage }),
  },
  {
    path: 'vertraege',
    lazy: async () => ({ Component: (await import('./pages/contracts/contracts-page')).ContractsPage }),
  },
  {
    path: 'vertraege/:id',
    lazy: async () => ({
      Component: (await import('./pages/contracts/tender-allocations-page')).TenderAllocationsPage,
    }),
  },
  {
    path: 'berichte/nachhaltigkeit',
    lazy: async () => ({ Component: (await import('./pages/reports/sustainability-page')).SustainabilityPage }),
  },
  {
    path: 'rahmenvereinbarungen',
    lazy: async () => ({ Component: (await import('./pages/frameworks/frameworks-page')).FrameworksPage }),
  },
  {
    path: 'rahmenvereinbarungen/:id',
    lazy: async () => ({ Component: (await import('./pages/frameworks/framework-page')).FrameworkPage }),
  },
  {
    path: 'nachweise',
    lazy: async () => ({ Component: (await import('./pages/evidence/evidence-page')).EvidencePage }),
  },
  {
    path: 'vergabe/:id/nachweise',
    lazy: async () => ({
      Component: (await import('./pages/evidence/evidence-verification-page')).EvidenceVerificationPage,
    }),
  },
  {
    path: 'stammdaten',
    lazy: async () => ({ Component: (await import('./pages/organisation/master-data-page')).MasterDataPage }),
  },
  {
    path: 'abonnements',
    lazy: async () => ({ Component: (await import('./pages/suppliers/subscriptions-page')).SubscriptionsPage }),
  },
  {
    path: 'verwaltung/organisationen',
    lazy: async () => ({ Component: (await import('./pages/admin/organisations-page')).OrganisationsPage }),
  },
  {
    path: 'verwaltung/organisationen/:id',
    lazy: async () => ({ Component: (await import('./pages/admin/organisation-page')).OrganisationPage }),
  },
  {
    path: 'verwaltung/koordination',
    lazy: async () => ({ Component: (await import('./pages/admin/coordination-page')).CoordinationPage }),
  },
  // the paths the mails link (libs/mail: MailService.link), each to its page
  {
    path: 'tenders/:id',
    lazy: async () => ({ Component: (await import('./pages/mail-link-page')).TenderLinkPage }),
  },
  {
    path: 'frameworks/:id',
    lazy: async () => ({ Component: (await import('./pages/mail-link-page')).FrameworkLinkPage }),
  },
  { path: '*', element: <NotFoundPage /> },
];

export const router = createBrowserRouter([
  { path: '/anmelden', element: <LoginPage /> },
  {
    path: '/registrieren',
    lazy: async () => ({ Component: (await import('./pages/suppliers/registration-page')).RegistrationPage }),
  },
  {
    path: '/',
    loader: () => {
      prefetchMe();
      return null;
    },
    element: <RequireSession>{(me) => <AppShell me={me} />}</RequireSession>,
    children: pageRoutes,
  },
]);
