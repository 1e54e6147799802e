import type { ApiError } from '../api/problem';
import { Alert } from './alert';

/**
 * Why an offer (a lot's, or a mini-competition's) did not arrive: the API's message, or for a 400
 * the pointer to the marked fields and the one reason that stands beside no field (`formError`).
 */
export function OfferRefusedAlert({ error, formError }: { error: ApiError | null; formError?: string }) {
  return (
    <Alert
      kind="danger"
      title={
        error && error.status !== 400
          ? error.message
          : 'Das Angebot ist nicht eingegangen. Bitte prüfen Sie die markierten Felder.'
      }
    >
      {error?.status === 400 && formError && <p className="kern-body">{formError}</p>}
    </Alert>
  );
}
