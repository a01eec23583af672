import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, request, type Method, type SessionUser, type Settings } from './api';

const STORAGE_KEY = 'hotline.session';

interface Stored {
  token: string;
  user: SessionUser;
  /** The deployment's settings as last read: a reload shows the screen at once and re-reads them meanwhile. */
  settings?: Settings;
}

export type Api = <T>(method: Method, path: string, opts?: { query?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal }) => Promise<T>;

interface SessionState {
  user: SessionUser | null;
  settings: Settings | null;
  /** Why the settings could not be read (the service down): the shell offers to try again. */
  settingsError: unknown;
  retrySettings(): void;
  /** Why the operator is back at the login page, when it was not their own choice. */
  ended: boolean;
  login(username: string, password: string): Promise<void>;
  logout(ended?: boolean): void;
  api: Api;
  /** For requests `api` cannot make: the alert stream, read with fetch() since EventSource sends no header, and file downloads (CSV). */
  token: string | null;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * The signed-in operator: token and user in sessionStorage (a reload keeps the session, closing
 * the tab ends it; shared call-centre PCs must not keep a colleague signed in), and the
 * deployment's settings (time zone) fetched once per session.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    } catch {
      return null;
    }
  });
  const [settings, setSettings] = useState<Settings | null>(stored?.settings ?? null);
  const [settingsError, setSettingsError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [ended, setEnded] = useState(false);

  const logout = useCallback((wasEnded = false) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setStored(null);
    setSettings(null);
    setEnded(wasEnded);
  }, []);

  const api = useCallback<Api>(
    async (method, path, opts = {}) => {
      try {
        return await request(method, path, { ...opts, token: stored?.token });
      } catch (err) {
        // an expired token, or an account an admin changed: back to the login page, saying why
        if (err instanceof ApiError && err.status === 401) logout(true);
        throw err;
      }
    },
    [stored, logout],
  );

  useEffect(() => {
    if (!stored) return;
    let live = true;
    setSettingsError(null);
    api<Settings>('GET', '/settings').then(
      (s) => {
        if (!live) return;
        setSettings(s);
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...stored, settings: s }));
      },
      // settings read earlier in this session still serve; only a first read that fails stops the console
      (err) => live && !stored.settings && setSettingsError(err),
    );
    return () => {
      live = false;
    };
  }, [stored, api, attempt]);
  const retrySettings = useCallback(() => setAttempt((a) => a + 1), []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await request<{ accessToken: string; user: SessionUser }>('POST', '/auth/login', { body: { username, password } });
    const next = { token: res.accessToken, user: res.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setEnded(false);
    setStored(next);
  }, []);

  const value = useMemo(
    () => ({ user: stored?.user ?? null, settings, settingsError, retrySettings, ended, login, logout, api, token: stored?.token ?? null }),
    [stored, settings, settingsError, retrySettings, ended, login, logout, api],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
