import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from './auth/session';
import { BundleDetailPage } from './pages/bundles/bundle-detail-page';
import { BundlesPage } from './pages/bundles/bundles-page';
import { DemandsPage } from './pages/demands/demands-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { StartPage } from './pages/start-page';
import { AppShell } from './shell/app-shell';

/**
 * The pages behind the login, inside the app shell. A new page: its component in pages/,
 * its route here, and its entry in shell/navigation.ts for the roles that use it.
 */
export const pageRoutes: RouteObject[] = [
  { index: true, element: <StartPage /> },
  { path: 'bedarfe', element: <DemandsPage /> },
  { path: 'buendel', element: <BundlesPage /> },
  { path: 'buendel/:id', element: <BundleDetailPage /> },
  { path: '*', element: <NotFoundPage /> },
];

export const router = createBrowserRouter([
  { path: '/anmelden', element: <LoginPage /> },
  {
    path: '/',
    element: <RequireSession>{(me) => <AppShell me={me} />}</RequireSession>,
    children: pageRoutes,
  },
]);
