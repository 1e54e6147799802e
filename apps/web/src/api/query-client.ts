import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './problem';

/** What the server owns lives in this cache, never in component state (style.md, section 7). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: true,
      // a refused request (4xx) does not get better by asking again
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

declare module '@tanstack/react-query' {
  interface Register {
    /** every query function and mutation of the app throws ApiError */
    defaultError: ApiError;
  }
}
