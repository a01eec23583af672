import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AdminDialog, AdminTable, control, FailedNote, Field, LoadState, useApiData, useDone } from './admin-kit';
import { DEPARTMENT_KINDS, type AdminDepartment, type DepartmentKind } from './admin-types';

/** 部门管理: handling departments, the supervision office and leadership; deactivated, never deleted (tickets keep pointing at them). */
export function DepartmentsPage() {
  const { t } = useI18n();
  const { api } = useSession();
  useTitle(t('admin.departments'));
  const departments = useApiData<AdminDepartment[]>('/departments');
  const [open, setOpen] = useState<{ dept: AdminDepartment | null } | null>(null);
  const [done, setDone] = useDone();
  const [failed, setFailed] = useState<unknown>(null);

  async function setActive(d: AdminDepartment, active: boolean) {
    setFailed(null);
    try {
      await api('PATCH', `/departments/${d.id}`, { body: { active } });
      setDone(t(active ? 'admin.dept.reactivated' : 'admin.dept.deactivated', { name: d.name }));
      departments.reload();
    } catch (err) {
      setDone('');
      setFailed(err);
    }
  }

  return (
    <section aria-labelledby="admin-depts-title">
      <div className="page-head">
        <h1 id="admin-depts-title">{t('admin.departments')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ dept: null })}>
          {t('admin.dept.new')}
        </button>
      </div>
      {done}
      <FailedNote failed={failed} />
      <LoadState loaded={departments} />
      {departments.data && (
        <AdminTable titleId="admin-depts-title" columns={[t('admin.dept.name'), t('admin.dept.code'), t('admin.dept.kind'), t('admin.col.state'), t('queue.col.actions')]}>
              {departments.data.map((d) => (
                <tr key={d.id} data-code={d.code} className={d.active ? '' : 'inactive'}>
                  <td>{d.name}</td>
                  <td className="mono">{d.code}</td>
                  <td>{t(`admin.dept.kind.${d.kind}`)}</td>
                  <td>{d.active ? t('admin.active') : <span className="tone-muted">{t('admin.inactive')}</span>}</td>
                  <td className="row-actions">
                    <button type="button" className="small" aria-label={t('admin.dept.renameOf', { name: d.name })} onClick={() => setOpen({ dept: d })}>
                      {t('admin.dept.rename')}
                    </button>
                    <button type="button" className="small" aria-label={t(d.active ? 'admin.deactivateOf' : 'admin.reactivateOf', { name: d.name })} onClick={() => void setActive(d, !d.active)}>
                      {t(d.active ? 'admin.deactivate' : 'admin.reactivate')}
                    </button>
                  </td>
                </tr>
              ))}
        </AdminTable>
      )}
      {open && (
        <DepartmentDialog
          dept={open.dept}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            departments.reload();
          }}
        />
      )}
    </section>
  );
}

function DepartmentDialog({ dept, onClose, onDone }: { dept: AdminDepartment | null; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [code, setCode] = useState('');
  const [name, setName] = useState(dept?.name ?? '');
  const [kind, setKind] = useState<DepartmentKind>(dept?.kind ?? 'department');
  return (
    <AdminDialog
      title={dept ? t('admin.dept.renameOf', { name: dept.name }) : t('admin.dept.new')}
      submitLabel={dept ? t('admin.save') : t('admin.create')}
      fields={['code', 'name', 'kind']}
      onSubmit={async () => {
        if (dept) await api('PATCH', `/departments/${dept.id}`, { body: { name, kind } });
        else await api('POST', '/departments', { body: { code, name, kind } });
        onDone(t(dept ? 'admin.dept.saved' : 'admin.dept.created', { name }));
      }}
      onClose={onClose}
    >
      {(err, id) => (
        <>
          {!dept && (
            <Field id={id('code')} label={t('admin.dept.code')} hint={t('admin.dept.codeHint')} error={err.code}>
              <input {...control(id('code'), err.code, true)} required data-autofocus value={code} onChange={(e) => setCode(e.target.value)} />
            </Field>
          )}
          <Field id={id('name')} label={t('admin.dept.name')} error={err.name}>
            <input {...control(id('name'), err.name)} required data-autofocus={dept ? true : undefined} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id={id('kind')} label={t('admin.dept.kind')} hint={t('admin.dept.kindHint')} error={err.kind}>
            <select {...control(id('kind'), err.kind, true)} value={kind} onChange={(e) => setKind(e.target.value as DepartmentKind)}>
              {DEPARTMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`admin.dept.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
    </AdminDialog>
  );
}
