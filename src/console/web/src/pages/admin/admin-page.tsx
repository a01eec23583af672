import type { ReactElement } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { NotFoundPage } from '../home-page';
import { CalendarPage } from './calendar-page';
import { CategoriesPage } from './categories-page';
import { DepartmentsPage } from './departments-page';
import { RoutingPage } from './routing-page';
import { SlaPage } from './sla-page';
import { SmsTemplatesPage } from './sms-templates-page';
import { UsersPage } from './users-page';

const SECTIONS: { path: string; label: MessageKey; element: ReactElement }[] = [
  { path: 'users', label: 'admin.users', element: <UsersPage /> },
  { path: 'departments', label: 'admin.departments', element: <DepartmentsPage /> },
  { path: 'categories', label: 'admin.categories', element: <CategoriesPage /> },
  { path: 'routing', label: 'admin.routing', element: <RoutingPage /> },
  { path: 'sla', label: 'admin.sla', element: <SlaPage /> },
  { path: 'calendar', label: 'admin.calendar', element: <CalendarPage /> },
  { path: 'sms-templates', label: 'admin.smsTemplates', element: <SmsTemplatesPage /> },
];

/** 系统管理: the deployment's directory and rules, one section per admin API; admins only (nav.ts). */
export function AdminPage() {
  const { t } = useI18n();
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t('admin.nav')}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.path}>
              <NavLink to={`/admin/${s.path}`}>{t(s.label)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-body">
        <Routes>
          <Route index element={<Navigate to="users" replace />} />
          {SECTIONS.map((s) => (
            <Route key={s.path} path={s.path} element={s.element} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </div>
    </div>
  );
}
