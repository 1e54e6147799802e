import { useOutletContext } from 'react-router';
import type { Me } from '../auth/session';

/** the signed-in user, inside the pages of the app shell (which only render with a session) */
export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}
