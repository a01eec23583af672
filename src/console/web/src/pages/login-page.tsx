import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorText, useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useTitle } from '../use-title';

export function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { user, ended, login } = useSession();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTitle(t('login.title'));

  if (user) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <p className="login-brand">{t('login.brand')}</p>
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="row between">
          <h1 id="login-title">{t('login.title')}</h1>
          <button type="button" className="link" lang={locale === 'en' ? 'zh-CN' : 'en'} aria-label={t('lang.otherLabel')} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {t('lang.other')}
          </button>
        </div>
        {ended && !error && <p className="notice">{t('login.ended')}</p>}
        <label htmlFor="login-username">{t('login.username')}</label>
        <input id="login-username" name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
