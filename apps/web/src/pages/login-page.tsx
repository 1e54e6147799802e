import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, problemMessage } from '../api/problem';
import { safeNextPath, useMe, useSignIn } from '../auth/session';
import { Alert } from '../components/alert';
import { TextField } from '../components/text-field';

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('weiter'));
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    document.title = 'Anmelden – Bündel';
  }, []);

  if (me.data) return <Navigate to={next} replace />;

  const problem = signIn.error?.problem;
  const errors = fieldErrors(problem);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <main id="inhalt" className="kern-container app-main">
      <div className="app-login kern-stack">
        <h1 className="kern-heading-large">Anmelden bei Bündel</h1>
        <p className="kern-body">
          Gemeinsam beschaffen: Bedarfe melden, Bündeln beitreten, Ausschreibungen vorbereiten.
        </p>
        {params.get('weiter') && !signIn.isError && (
          <Alert kind="info" title="Bitte melden Sie sich an">
            <p className="kern-body">Danach geht es auf der gewünschten Seite weiter.</p>
          </Alert>
        )}
        {signIn.isError && (
          <Alert kind="danger" title="Anmeldung fehlgeschlagen">
            <p className="kern-body">{problemMessage(problem)}</p>
          </Alert>
        )}
        <form onSubmit={submit} noValidate className="kern-stack">
          <TextField
            label="E-Mail-Adresse"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors['email']}
          />
          <TextField
            label="Passwort"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors['password']}
          />
          <div>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={signIn.isPending}>
              <span className="kern-label">{signIn.isPending ? 'Anmeldung läuft …' : 'Anmelden'}</span>
            </button>
          </div>
        </form>
        <p className="kern-body">
          Sie liefern an Kommunen?{' '}
          <Link className="kern-link" to="/registrieren">
            Als Lieferant registrieren
          </Link>
        </p>
      </div>
    </main>
  );
}
