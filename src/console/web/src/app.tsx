import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { I18nProvider } from './i18n/i18n';
import { mayOpen } from './nav';
import { BoardPage } from './pages/board/board-page';
import { HomePage, LoadingPage, NotFoundPage } from './pages/home-page';
import { LoginPage } from './pages/login-page';
import { LogCallPage } from './pages/log-call/log-call-page';
import { PhonePage } from './pages/phone/phone-page';
import { QueuePage } from './pages/queue/queue-page';
import { DispatchPage } from './pages/dispatch/dispatch-page';
import { TicketPage } from './pages/ticket/ticket-page';
import { SessionProvider, useSession } from './session';
import { Shell } from './shell';

/** Signed-in pages only; the login page brings the operator back to where they were going. */
// the chart library is for the figures screen alone: operators never download it
const FiguresPage = lazy(() => import('./pages/figures/figures-page').then((m) => ({ default: m.FiguresPage })));
// likewise the admin screens are for admins alone
const AdminPage = lazy(() => import('./pages/admin/admin-page').then((m) => ({ default: m.AdminPage })));

function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  // the query too: a deep link such as /admin/calendar?year=2032 survives signing in
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!mayOpen(user.role, location.pathname)) return <Navigate to="/" replace />;
  return children;
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireSession>
                  <Shell />
                </RequireSession>
              }
            >
              <Route index element={<HomePage />} />
              <Route path="/calls/new" element={<LogCallPage />} />
              <Route path="/queue" element={<QueuePage />} />
              <Route path="/dispatch" element={<DispatchPage />} />
              <Route path="/tickets/:number" element={<TicketPage />} />
              <Route path="/board" element={<BoardPage />} />
              <Route path="/figures" element={<Suspense fallback={<LoadingPage />}><FiguresPage /></Suspense>} />
              <Route path="/phone" element={<PhonePage />} />
              <Route path="/admin/*" element={<Suspense fallback={<LoadingPage />}><AdminPage /></Suspense>} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </I18nProvider>
  );
}
