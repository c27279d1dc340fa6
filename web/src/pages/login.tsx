// Log in with e-mail or phone number and password (P-DIV-6: "logga in med telefonnummer
// och lösenord"). Wrong login and wrong password get the same message (src/http/auth.ts).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { post } from '../api/client.js';
import type { Me } from '../api/types.js';
import { useLang } from '../app/lang.js';
import { ErrorBox, Field } from '../app/ui.js';
import { LanguageSwitch } from '../app/shell.js';

export function LoginPage({ onLoggedIn }: { onLoggedIn(me: Me): void }) {
  const { L } = useLang();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${L('Logga in', 'Log in')} – Öppen Växel`;
  }, [L]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await post<Me>('/api/auth/login', { login: login.trim(), password }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">{L('Hoppa till innehållet', 'Skip to content')}</a>
      <header className="top">
        <div className="brand"><span className="product">Öppen Växel</span></div>
        <div className="who"><LanguageSwitch /></div>
      </header>
      <main id="main" tabIndex={-1} className="login">
        <h1 ref={h1}>{L('Logga in', 'Log in')}</h1>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ErrorBox error={error} />
          <Field
            label={L('E-post eller anknytning', 'E-mail or extension')}
            hint={L('Din e-postadress, anknytning eller ditt telefonnummer.', 'Your e-mail address, extension or phone number.')}
            name="login" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)}
          />
          <Field
            label={L('Lösenord', 'Password')} type="password" name="password" autoComplete="current-password" required
            value={password} onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" disabled={busy}>{busy ? L('Loggar in…', 'Logging in…') : L('Logga in', 'Log in')}</button>
        </form>
      </main>
    </>
  );
}
