import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { expectOk, unwrap } from './problem';
import type { components } from './schema';

export type Notification = components['schemas']['NotificationDto'];

export function useNotifications(query: { page: number; unread?: boolean }) {
  return useQuery({
    queryKey: ['notifications', 'list', query],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { ...query, pageSize: 20 } } })),
    placeholderData: keepPreviousData,
  });
}

/** how many notifications are unread, for the shell's navigation (read again every half minute) */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { unread: true, pageSize: 1 } } })).total,
    enabled,
    refetchInterval: 30_000,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      expectOk(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export type MailPreference = components['schemas']['MailPreferenceView'];
export type MailPreferences = components['schemas']['MailPreferencesDto'];

/** which mails the signed-in user gets, per category, with the German label of each */
export function useMailPreferences() {
  return useQuery({
    queryKey: ['mail-preferences'],
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/me/mail-preferences')),
  });
}

/** switches mail categories on or off (the required ones stay on) */
export function useSetMailPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (preferences: MailPreferences) =>
      unwrap(await api.PUT('/api/v1/auth/me/mail-preferences', { body: preferences })),
    onSuccess: (data) => client.setQueryData(['mail-preferences'], data),
  });
}
