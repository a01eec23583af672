import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { ROLES, type Role } from '../../nav';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AdminDialog, AdminTable, control, FailedNote, Field, LoadState, useApiData, useDone } from './admin-kit';
import type { AdminDepartment, AdminUser } from './admin-types';

type Open = { kind: 'create' } | { kind: 'edit' | 'password'; user: AdminUser } | null;

/** 用户管理: who may sign in, with which role and department; accounts are deactivated, never deleted (their history stays theirs). */
export function UsersPage() {
  const { t } = useI18n();
  const { api, user: me } = useSession();
  useTitle(t('admin.users'));
  const users = useApiData<AdminUser[]>('/users');
  const departments = useApiData<AdminDepartment[]>('/departments');
  const byId = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d])), [departments.data]);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useDone();
  const [filter, setFilter] = useState('');
  const [failed, setFailed] = useState<unknown>(null);

  const shown = (users.data ?? []).filter((u) => !filter || `${u.username} ${u.displayName}`.toLowerCase().includes(filter.trim().toLowerCase()));
  async function setActive(u: AdminUser, active: boolean) {
    setFailed(null);
    try {
      await api('PATCH', `/users/${u.id}`, { body: { active } });
      setDone(t(active ? 'admin.user.reactivated' : 'admin.user.deactivated', { name: u.username }));
      users.reload();
    } catch (err) {
      setDone('');
      setFailed(err);
    }
  }

  return (
    <section aria-labelledby="admin-users-title">
      <div className="page-head">
        <h1 id="admin-users-title">{t('admin.users')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'create' })}>
          {t('admin.user.new')}
        </button>
        <div className="field search">
          <label htmlFor="admin-users-filter" className="sr-only">
            {t('admin.filter')}
          </label>
          <input id="admin-users-filter" type="search" placeholder={t('admin.user.filterHint')} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      </div>
      {done}
      <FailedNote failed={failed} />
      <LoadState loaded={users} />
      {users.data && (
        <AdminTable titleId="admin-users-title" columns={[t('admin.user.username'), t('admin.user.displayName'), t('admin.user.role'), t('admin.user.department'), t('admin.col.state'), t('queue.col.actions')]}>
              {shown.map((u) => (
                <tr key={u.id} data-username={u.username} className={u.active ? '' : 'inactive'}>
                  <td className="mono">{u.username}</td>
                  <td>
                    {u.displayName}
                    {u.onDuty && <span className="tag">{t('admin.user.onDuty')}</span>}
                  </td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{u.departmentId ? (byId.get(u.departmentId)?.name ?? u.departmentId) : '—'}</td>
                  <td>{u.active ? t('admin.active') : <span className="tone-muted">{t('admin.inactive')}</span>}</td>
                  <td className="row-actions">
                    <button type="button" className="small" aria-label={t('admin.editOf', { name: u.username })} onClick={() => setOpen({ kind: 'edit', user: u })}>
                      {t('admin.edit')}
                    </button>
                    <button type="button" className="small" aria-label={t('admin.user.passwordOf', { name: u.username })} onClick={() => setOpen({ kind: 'password', user: u })}>
                      {t('admin.user.password')}
                    </button>
                    {u.id !== me?.id && (
                      <button type="button" className="small" aria-label={t(u.active ? 'admin.deactivateOf' : 'admin.reactivateOf', { name: u.username })} onClick={() => void setActive(u, !u.active)}>
                        {t(u.active ? 'admin.deactivate' : 'admin.reactivate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
        </AdminTable>
      )}
      {open?.kind === 'password' ? (
        <PasswordDialog user={open.user} onClose={() => setOpen(null)} onDone={(text) => setDone(text)} />
      ) : open ? (
        <UserDialog
          user={open.kind === 'edit' ? open.user : null}
          departments={departments.data ?? []}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            users.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function UserDialog({ user, departments, onClose, onDone }: { user: AdminUser | null; departments: AdminDepartment[]; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [departmentId, setDepartmentId] = useState(user?.departmentId ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [phone, setPhone] = useState(user?.phone ?? '');
  const [onDuty, setOnDuty] = useState(user?.onDuty ?? false);

  async function save() {
    const common = { displayName, role, departmentId: departmentId || null, email: email.trim() || null, phone: phone.trim() || null, onDuty };
    if (user) {
      await api('PATCH', `/users/${user.id}`, { body: common });
      onDone(t('admin.user.saved', { name: user.username }));
    } else {
      // the API takes absent optional fields, not nulls, on creation
      const body = { username, password, ...Object.fromEntries(Object.entries(common).filter(([, v]) => v !== null)) };
      await api('POST', '/users', { body });
      onDone(t('admin.user.created', { name: username }));
    }
  }

  return (
    <AdminDialog
      title={user ? t('admin.user.editTitle', { name: user.username }) : t('admin.user.new')}
      submitLabel={user ? t('admin.save') : t('admin.create')}
      fields={['username', 'password', 'displayName', 'role', 'departmentId', 'email', 'phone', 'onDuty']}
      onSubmit={save}
      onClose={onClose}
    >
      {(err, id) => (
        <div className="form-grid">
          {!user && (
            <>
              <Field id={id('username')} label={t('admin.user.username')} hint={t('admin.user.usernameHint')} error={err.username}>
                <input {...control(id('username'), err.username, true)} required autoComplete="off" data-autofocus value={username} onChange={(e) => setUsername(e.target.value)} />
              </Field>
              <Field id={id('password')} label={t('admin.user.initialPassword')} hint={t('admin.user.passwordHint')} error={err.password}>
                <input {...control(id('password'), err.password, true)} type="password" required minLength={10} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </Field>
            </>
          )}
          <Field id={id('displayName')} label={t('admin.user.displayName')} error={err.displayName}>
            <input {...control(id('displayName'), err.displayName)} required data-autofocus={user ? true : undefined} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </Field>
          <Field id={id('role')} label={t('admin.user.role')} error={err.role}>
            <select {...control(id('role'), err.role)} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('departmentId')} label={t('admin.user.department')} hint={t('admin.user.departmentHint')} error={err.departmentId}>
            <select {...control(id('departmentId'), err.departmentId, true)} value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              <option value="">{t('admin.none')}</option>
              {departments
                .filter((d) => d.active || d.id === departmentId)
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
            </select>
          </Field>
          <Field id={id('email')} label={t('admin.user.email')} error={err.email}>
            <input {...control(id('email'), err.email)} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field id={id('phone')} label={t('admin.user.phone')} hint={t('admin.user.phoneHint')} error={err.phone}>
            <input {...control(id('phone'), err.phone, true)} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </Field>
          <label className="check span-all">
            <input type="checkbox" checked={onDuty} onChange={(e) => setOnDuty(e.target.checked)} /> {t('admin.user.onDutyLabel')}
          </label>
        </div>
      )}
    </AdminDialog>
  );
}

function PasswordDialog({ user, onClose, onDone }: { user: AdminUser; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [password, setPassword] = useState('');
  return (
    <AdminDialog
      title={t('admin.user.passwordOf', { name: user.username })}
      submitLabel={t('admin.user.setPassword')}
      fields={['password']}
      onSubmit={async () => {
        await api('PATCH', `/users/${user.id}`, { body: { password } });
        onDone(t('admin.user.passwordSet', { name: user.username }));
      }}
      onClose={onClose}
    >
      {(err, id) => (
        <Field id={id('password')} label={t('admin.user.newPassword')} hint={t('admin.user.passwordHint')} error={err.password}>
          <input {...control(id('password'), err.password, true)} type="password" required minLength={10} autoComplete="new-password" data-autofocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      )}
    </AdminDialog>
  );
}
