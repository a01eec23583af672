import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { errorText, useI18n } from './i18n/i18n';
import { screensFor } from './nav';
import { useSession } from './session';

/** Header, role-aware navigation and the page; nothing renders before the deployment's settings are known. */
export function Shell() {
  const { t, locale, setLocale } = useI18n();
  const { user, settings, settingsError, retrySettings, logout } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // after a navigation, screen-reader and keyboard users start at the new page, not the old
    // link; unless the page already put the focus where work starts (the phone field)
    if (first.current) first.current = false;
    else if (!main.current?.contains(document.activeElement)) main.current?.focus();
  }, [location.pathname]);

  if (!user) return null;
  const hotline = settings?.hotlineName ?? '12345';
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.title', { hotline })}</span>
        <nav aria-label={t('shell.nav')}>
          <ul>
            {screensFor(user.role, settings?.smsTransport).map((s) => (
              <li key={s.path}>
                <NavLink to={s.path}>{t(s.label)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="spacer" />
        {settings && <span className="zone">{t('shell.zone', { zone: settings.timeZone })}</span>}
        <span className="who">{t('shell.user', { name: user.displayName, role: t(`role.${user.role}`) })}</span>
        <button type="button" className="link" lang={locale === 'en' ? 'zh-CN' : 'en'} aria-label={t('lang.otherLabel')} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
          {t('lang.other')}
        </button>
        <button type="button" className="link" onClick={() => logout()}>
          {t('shell.logout')}
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {settings ? (
          <Outlet />
        ) : settingsError ? (
          <div className="pad">
            <p className="error" role="alert">
              {errorText(t, settingsError)}
            </p>
            <button type="button" onClick={retrySettings}>
              {t('retry')}
            </button>
          </div>
        ) : (
          <p className="muted pad">{t('loading')}</p>
        )}
      </main>
    </div>
  );
}
