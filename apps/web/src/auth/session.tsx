import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, onSessionExpired } from '../api/client';
import { ApiError, type Problem } from '../api/problem';
import { queryClient } from '../api/query-client';
import type { components } from '../api/schema';

export type Me = components['schemas']['MeResponse'];
export type Role = Me['role'];

export const ME_KEY = ['auth', 'me'] as const;

const meQuery = queryOptions({
  queryKey: ME_KEY,
  queryFn: async (): Promise<Me | null> => {
    const { data, error, response } = await api.GET('/api/v1/auth/me');
    if (response.status === 401) return null;
    if (error || !data) throw new ApiError(response.status, error as Problem | undefined);
    return data;
  },
  staleTime: 60_000,
});

/** the signed-in user, or null when there is no session (the session cookie is httpOnly: only the API knows) */
export function useMe() {
  return useQuery(meQuery);
}

/**
 * Asks who is signed in at the navigation, beside the page's JavaScript (a lazily loaded page
 * renders only once its code is there): not awaited, `useMe` reads the same cache entry.
 */
export function prefetchMe(): void {
  void queryClient.prefetchQuery(meQuery);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }) => {
      const { data, error, response } = await api.POST('/api/v1/auth/session', { body });
      if (error || !data) throw new ApiError(response.status, error as Problem | undefined);
      return data;
    },
    onSuccess: async () => {
      client.removeQueries();
      await client.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe });
    },
  });
}

async function fetchMe(): Promise<Me | null> {
  const { data, response } = await api.GET('/api/v1/auth/me');
  return response.ok && data ? data : null;
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.DELETE('/api/v1/auth/session');
    },
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** where the login page sends the user afterwards: a path of this app, never another site */
export function safeNextPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/anmelden') ? next : '/';
}

/**
 * The pages behind the login: without a session (none yet, expired, ended elsewhere) the
 * user goes to the login page, which brings them back to the page they wanted.
 */
export function RequireSession({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const client = useQueryClient();
  useEffect(() => onSessionExpired(() => client.setQueryData(ME_KEY, null)), [client]);

  if (me.isPending) {
    return (
      <div className="kern-container app-main">
        <p className="kern-body" role="status">
          Wird geladen …
        </p>
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="kern-container app-main">
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__header">
            <span className="kern-title">Bündel ist gerade nicht erreichbar</span>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{me.error.message}</p>
          </div>
        </div>
      </div>
    );
  }
  if (!me.data) {
    const wanted = `${location.pathname}${location.search}${location.hash}`;
    const target = wanted === '/' ? '/anmelden' : `/anmelden?weiter=${encodeURIComponent(wanted)}`;
    return <Navigate to={target} replace />;
  }
  return <>{children(me.data)}</>;
}
