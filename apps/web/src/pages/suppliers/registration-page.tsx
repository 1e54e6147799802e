import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/client';
import { fieldErrors, problemMessage, unwrap } from '../../api/problem';
import type { components } from '../../api/schema';
import { useSignIn } from '../../auth/session';
import { Alert } from '../../components/alert';
import { TextField } from '../../components/text-field';

type Registration = components['schemas']['RegisterSupplierDto'];

const EMPTY = {
  companyName: '',
  vatId: '',
  street: '',
  postalCode: '',
  city: '',
  contactName: '',
  email: '',
  password: '',
};

/**
 * Public: a supplier registers its company and its first user (POST /suppliers/register, no
 * login), and is signed in right after, on its start page.
 */
export function RegistrationPage() {
  const [form, setForm] = useState(EMPTY);
  const signIn = useSignIn();
  const register = useMutation({
    mutationFn: async (body: Registration) => unwrap(await api.POST('/api/v1/suppliers/register', { body })),
    onSuccess: () => signIn.mutate({ email: form.email, password: form.password }),
  });
  useEffect(() => {
    document.title = 'Als Lieferant registrieren – Bündel';
  }, []);
  if (signIn.isSuccess) return <Navigate to="/" replace />;

  const errors = fieldErrors(register.error?.problem);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({
      companyName: form.companyName,
      vatId: form.vatId,
      address: { street: form.street, postalCode: form.postalCode, city: form.city, country: 'DE' },
      contactName: form.contactName,
      email: form.email,
      password: form.password,
    });
  };
  return (
    <main id="inhalt" className="kern-container app-main">
      <div className="app-login kern-stack">
        <h1 className="kern-heading-large">Als Lieferant registrieren</h1>
        <p className="kern-body">
          Registrieren Sie Ihr Unternehmen, um den gebündelten Bedarf der Kommunen zu sehen und über neue
          Ausschreibungen Ihrer Branche benachrichtigt zu werden. Bereits registriert?{' '}
          <Link className="kern-link" to="/anmelden">
            Zur Anmeldung
          </Link>
        </p>
        {register.isError && (
          <Alert kind="danger" title="Die Registrierung ist nicht gelungen">
            <p className="kern-body">
              {register.error.status === 400
                ? 'Bitte prüfen Sie die markierten Felder.'
                : problemMessage(register.error.problem)}
            </p>
          </Alert>
        )}
        {register.isSuccess && (
          <Alert kind="success" title={`„${register.data.organisation.name}“ ist registriert.`}>
            <p className="kern-body">Sie werden angemeldet …</p>
          </Alert>
        )}
        <form onSubmit={submit} noValidate className="kern-stack">
          <fieldset className="kern-fieldset">
            <legend className="kern-label">Unternehmen</legend>
            <div className="kern-fieldset__body kern-stack">
              <TextField
                label="Firmenname"
                autoComplete="organization"
                value={form.companyName}
                onChange={set('companyName')}
                error={errors['companyName']}
              />
              <TextField
                label="Umsatzsteuer-Identifikationsnummer"
                hint="DE und neun Ziffern, z. B. DE136695976"
                value={form.vatId}
                onChange={set('vatId')}
                error={errors['vatId']}
              />
              <TextField
                label="Straße und Hausnummer"
                autoComplete="street-address"
                value={form.street}
                onChange={set('street')}
                error={errors['address.street'] ?? errors['address']}
              />
              <TextField
                label="Postleitzahl"
                autoComplete="postal-code"
                inputMode="numeric"
                value={form.postalCode}
                onChange={set('postalCode')}
                error={errors['address.postalCode']}
              />
              <TextField
                label="Ort"
                autoComplete="address-level2"
                value={form.city}
                onChange={set('city')}
                error={errors['address.city']}
              />
            </div>
          </fieldset>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">Ihr Zugang</legend>
            <div className="kern-fieldset__body kern-stack">
              <TextField
                label="Ansprechperson"
                autoComplete="name"
                value={form.contactName}
                onChange={set('contactName')}
                error={errors['contactName']}
              />
              <TextField
                label="E-Mail-Adresse"
                type="email"
                autoComplete="email"
                value={form.email}
                onChange={set('email')}
                error={errors['email']}
              />
              <TextField
                label="Passwort"
                type="password"
                autoComplete="new-password"
                hint="Mindestens 12 Zeichen"
                value={form.password}
                onChange={set('password')}
                error={errors['password']}
              />
            </div>
          </fieldset>
          <div>
            <button
              type="submit"
              className="kern-btn kern-btn--primary"
              disabled={register.isPending || signIn.isPending}
            >
              <span className="kern-label">{register.isPending ? 'Wird registriert …' : 'Registrieren'}</span>
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
