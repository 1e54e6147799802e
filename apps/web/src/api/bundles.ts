import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from './client';
import { expectOk, unwrap } from './problem';
import type { components } from './schema';

export type Bundle = components['schemas']['BundleDto'];
export type BundlePage = components['schemas']['BundlePageDto'];
export type BundleEvent = components['schemas']['BundleEventDto'];
export type Aggregate = components['schemas']['AggregateDto'];
export type AggregatePreview = components['schemas']['AggregatePreviewDto'];
export type ParticipationPreview = components['schemas']['ParticipationPreviewDto'];
export type Demand = components['schemas']['DemandDto'];

export const bundleKey = (id: string) => ['bundles', id] as const;

export function useBundles(query: { status?: Bundle['status']; page?: number }) {
  return useQuery({
    queryKey: ['bundles', 'list', query],
    queryFn: async () => unwrap(await api.GET('/api/v1/bundles', { params: { query: { ...query, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useBundle(id: string) {
  return useQuery({
    queryKey: bundleKey(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/bundles/{id}', { params: { path: { id } } })),
  });
}

/**
 * A stream of bundle events (server-sent events) while `url` is set: `onEvent` gets each
 * `aggregate` event. The browser reconnects by itself; `live` says whether the stream is open.
 */
function useEventStream(url: string | undefined, onEvent: (event: BundleEvent) => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url, { withCredentials: true });
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(false);
    source.addEventListener('aggregate', (message) =>
      handler.current(JSON.parse((message as MessageEvent<string>).data) as BundleEvent),
    );
    return () => {
      source.close();
      setLive(false);
    };
  }, [url]);
  return live;
}

/**
 * The bundle's live updates: each `aggregate` event goes straight into the cached bundle, and
 * the bundle is read again for what the event does not carry (the participants, the own
 * participation) unless the cached bundle has that version already (the stream's first event,
 * the state the page has just read: a bundle of 600 participants is not read twice per visit).
 */
export function useBundleEvents(id: string): { live: boolean; last?: BundleEvent } {
  const client = useQueryClient();
  const [last, setLast] = useState<BundleEvent>();
  const live = useEventStream(`/api/v1/bundles/${encodeURIComponent(id)}/events`, (event) => {
    setLast(event);
    const cached = client.getQueryData<Bundle>(bundleKey(id));
    const known =
      cached !== undefined &&
      cached.status === event.status &&
      cached.aggregate !== null &&
      cached.aggregate.version === event.aggregate?.version;
    if (known) return;
    client.setQueryData<Bundle>(bundleKey(id), (old) =>
      old ? { ...old, status: event.status, aggregate: event.aggregate } : old,
    );
    void client.invalidateQueries({ queryKey: bundleKey(id) });
  });
  return { live, last };
}

/**
 * Live updates of the bundles of a cached list (`listKey`), in one stream for all of them
 * (`GET /bundles/events?ids=`; at most the API's 50): each event replaces its bundle's status and
 * aggregate in the list; a bundle that is no longer open makes the list be read again.
 */
export function useBundleListEvents(listKey: readonly unknown[], ids: readonly string[]): boolean {
  const client = useQueryClient();
  const query = [...ids].sort().slice(0, 50).join(',');
  return useEventStream(query ? `/api/v1/bundles/events?ids=${query}` : undefined, (event) => {
    client.setQueryData<BundlePage>(listKey, (old) =>
      old
        ? {
            ...old,
            items: old.items.map((b) =>
              b.id === event.bundleId ? { ...b, status: event.status, aggregate: event.aggregate } : b,
            ),
          }
        : old,
    );
    if (event.status !== 'open') void client.invalidateQueries({ queryKey: listKey });
  });
}

/** the organisation's open demands (those that may join a bundle) */
export function useOpenDemands(enabled: boolean) {
  return useQuery({
    queryKey: ['demands', 'list', { status: 'open', pageSize: 100 }],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/demands', { params: { query: { status: 'open', pageSize: 100 } } })),
    enabled,
  });
}

export function useJoinPreview(id: string) {
  return useMutation({
    mutationFn: async (demandIds: string[]) =>
      unwrap(
        await api.POST('/api/v1/bundles/{id}/participations/preview', {
          params: { path: { id } },
          body: { demandIds },
        }),
      ),
  });
}

export function useLeavePreview(id: string) {
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.GET('/api/v1/bundles/{id}/participations/mine/leave-preview', { params: { path: { id } } })),
  });
}

export function useJoin(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (demandIds: string[]) =>
      unwrap(await api.POST('/api/v1/bundles/{id}/participations', { params: { path: { id } }, body: { demandIds } })),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: bundleKey(id) }),
        client.invalidateQueries({ queryKey: ['demands'] }),
      ]);
    },
  });
}

export function useLeave(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      expectOk(
        await api.DELETE('/api/v1/bundles/{id}/participations/mine', {
          params: { path: { id } },
        }),
      );
    },
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: bundleKey(id) }),
        client.invalidateQueries({ queryKey: ['demands'] }),
      ]);
    },
  });
}

export type NewBundle = components['schemas']['CreateBundleDto'];

export function useCreateBundle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewBundle) => unwrap(await api.POST('/api/v1/bundles', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['bundles'] }),
  });
}

/** closes an open bundle before its deadline (its coordinator): the participations become binding */
export function useCloseBundle(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/bundles/{id}/close', { params: { path: { id } } })),
    onSuccess: (bundle) => {
      client.setQueryData(bundleKey(id), bundle);
      return client.invalidateQueries({ queryKey: ['bundles'] });
    },
  });
}

/** the districts the organisation coordinates (the choice of a new bundle's region) */
export function useCoordinatedDistricts(organisationId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['organisations', organisationId, 'coordinated-districts'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organisations/{id}/coordinated-districts', { params: { path: { id: organisationId } } }),
      ),
  });
}

/** the criteria catalogue (the mandatory criteria a bundle may impose) */
export function useCriteria() {
  return useQuery({
    queryKey: ['criteria'],
    queryFn: async () => unwrap(await api.GET('/api/v1/criteria')),
    staleTime: 10 * 60_000,
  });
}
