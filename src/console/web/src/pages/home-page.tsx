import { Link, Navigate } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { screensFor } from '../nav';
import { useSession } from '../session';

/** `/` opens the first screen of the user's role; a role without one yet is told so plainly. */
export function HomePage() {
  const { t } = useI18n();
  const { user, settings } = useSession();
  const [first] = user ? screensFor(user.role, settings?.smsTransport) : [];
  if (first) return <Navigate to={first.path} replace />;
  return <p className="pad">{t('home.none', { role: user ? t(`role.${user.role}`) : '' })}</p>;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="pad">
      <h1>{t('notFound.title')}</h1>
      <Link to="/">{t('notFound.back')}</Link>
    </div>
  );
}

/** While a screen's code is still arriving (a lazily loaded chunk). */
export function LoadingPage() {
  const { t } = useI18n();
  return <p className="muted pad">{t('loading')}</p>;
}
