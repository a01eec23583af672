import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AdminDialog, AdminTable, control, Field, LoadState, useApiData, useDone } from './admin-kit';
import { flatCategories, STAGES, type AdminCategory, type SlaPolicy, type Stage } from './admin-types';
import { CategorySelect } from './category-select';

/**
 * 时限策略: how long each stage may take per category and priority, on working time or around the
 * clock, when the warning comes, and when the escalation climbs to the supervision office and
 * leadership. A change applies to tickets registered from then on.
 */
export function SlaPage() {
  const { t } = useI18n();
  useTitle(t('admin.sla'));
  const policies = useApiData<SlaPolicy[]>('/sla-policies');
  const tree = useApiData<AdminCategory[]>('/categories');
  const categories = useMemo(() => flatCategories(tree.data ?? []), [tree.data]);
  const catById = useMemo(() => new Map(categories.map((c) => [c.id, c])), [categories]);
  const [open, setOpen] = useState<{ policy: SlaPolicy | null } | null>(null);
  const [done, setDone] = useDone();
  const priorityName = (p: string | null) => (p ? t(`priority.${p}` as 'priority.low') : t('admin.sla.anyPriority'));

  return (
    <section aria-labelledby="admin-sla-title">
      <div className="page-head">
        <h1 id="admin-sla-title">{t('admin.sla')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ policy: null })}>
          {t('admin.sla.new')}
        </button>
        <span className="muted small">{t('admin.sla.intro')}</span>
      </div>
      {done}
      <LoadState loaded={policies} />
      {policies.data && (
        <AdminTable titleId="admin-sla-title" className="sla-table" columns={[t('admin.sla.name'), t('admin.sla.appliesTo'), t('admin.sla.clock'), ...STAGES.map((s) => t(`stage.${s}` as 'stage.dispatch')), t('admin.sla.escalation'), t('queue.col.actions')]}>
              {policies.data.map((p) => (
                <tr key={p.id} data-policy={p.name} className={p.active ? '' : 'inactive'}>
                  <td>
                    {p.name}
                    {!p.active && <span className="tag">{t('admin.inactive')}</span>}
                  </td>
                  <td>
                    {p.categoryId ? (catById.get(p.categoryId)?.name ?? p.categoryId) : t('admin.rule.anyCategory')}
                    <span className="muted"> · {priorityName(p.priority)}</span>
                  </td>
                  <td>{t(`admin.sla.clock.${p.clock}`)}</td>
                  {STAGES.map((s) => (
                    <td key={s} className="mono" data-stage={s}>
                      {p.limits[s] ?? '—'}
                    </td>
                  ))}
                  <td className="small">{t('admin.sla.ladder', { warn: p.warnPercent, l2: p.level2AfterMinutes, l3: p.level3AfterMinutes, repeat: p.repeatEveryMinutes })}</td>
                  <td className="row-actions">
                    <button type="button" className="small" aria-label={t('admin.editOf', { name: p.name })} onClick={() => setOpen({ policy: p })}>
                      {t('admin.edit')}
                    </button>
                  </td>
                </tr>
              ))}
        </AdminTable>
      )}
      {open && (
        <PolicyDialog
          policy={open.policy}
          categories={categories}
          catById={catById}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            policies.reload();
          }}
        />
      )}
    </section>
  );
}

const NUMBERS = ['warnPercent', 'level2AfterMinutes', 'level3AfterMinutes', 'repeatEveryMinutes'] as const;
type NumberField = (typeof NUMBERS)[number];

function PolicyDialog({ policy, categories, catById, onClose, onDone }: { policy: SlaPolicy | null; categories: (AdminCategory & { depth: number })[]; catById: Map<string, AdminCategory>; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api, settings } = useSession();
  const [name, setName] = useState(policy?.name ?? '');
  const [categoryCode, setCategoryCode] = useState(policy?.categoryId ? (catById.get(policy.categoryId)?.code ?? '') : '');
  const [priority, setPriority] = useState(policy?.priority ?? '');
  const [clock, setClock] = useState<'business' | 'wall'>(policy?.clock ?? 'business');
  const [limits, setLimits] = useState<Record<Stage, string>>(() => Object.fromEntries(STAGES.map((s) => [s, policy?.limits[s] ?? ''])) as Record<Stage, string>);
  const [numbers, setNumbers] = useState<Record<NumberField, string>>({
    warnPercent: String(policy?.warnPercent ?? 75),
    level2AfterMinutes: String(policy?.level2AfterMinutes ?? 240),
    level3AfterMinutes: String(policy?.level3AfterMinutes ?? 480),
    repeatEveryMinutes: String(policy?.repeatEveryMinutes ?? 120),
  });
  const [active, setActive] = useState(policy?.active ?? true);

  async function save() {
    // PUT replaces the whole policy: every field is sent, an empty stage has no limit
    const body = {
      name,
      ...(categoryCode ? { categoryCode } : {}),
      ...(priority ? { priority } : {}),
      clock,
      limits: Object.fromEntries(STAGES.filter((s) => limits[s].trim()).map((s) => [s, limits[s].trim()])),
      ...Object.fromEntries(NUMBERS.map((k) => [k, Number(numbers[k])])),
      active,
    };
    if (policy) await api('PUT', `/sla-policies/${policy.id}`, { body });
    else await api('POST', '/sla-policies', { body });
    onDone(t(policy ? 'admin.sla.saved' : 'admin.sla.created', { name }));
  }

  const fields = ['name', 'categoryCode', 'priority', 'clock', 'limits', ...STAGES.map((s) => `limits.${s}`), ...NUMBERS, 'active'];
  return (
    <AdminDialog title={policy ? t('admin.editOf', { name: policy.name }) : t('admin.sla.new')} submitLabel={policy ? t('admin.save') : t('admin.create')} fields={fields} onSubmit={save} onClose={onClose}>
      {(err, id) => (
        <div className="form-grid">
          <Field id={id('name')} label={t('admin.sla.name')} error={err.name} className="span-all">
            <input {...control(id('name'), err.name)} required maxLength={200} data-autofocus value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id={id('categoryCode')} label={t('admin.rule.category')} hint={t('admin.sla.categoryHint')} error={err.categoryCode}>
            <CategorySelect {...control(id('categoryCode'), err.categoryCode, true)} categories={categories} value={categoryCode} onChange={setCategoryCode} anyLabel={t('admin.rule.anyCategory')} />
          </Field>
          <Field id={id('priority')} label={t('call.priority')} error={err.priority}>
            <select {...control(id('priority'), err.priority)} value={priority} onChange={(e) => setPriority(e.target.value)}>
              <option value="">{t('admin.sla.anyPriority')}</option>
              {(settings?.priorities ?? ['low', 'normal', 'high', 'urgent']).map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}` as 'priority.low')}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="span-all checks">
            <legend>{t('admin.sla.clock')}</legend>
            {(['business', 'wall'] as const).map((c) => (
              <label key={c} className="check">
                <input type="radio" name={id('clock')} value={c} checked={clock === c} onChange={() => setClock(c)} /> {t(`admin.sla.clock.${c}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="span-all stage-limits" aria-describedby={`${id('limits')}-hint`}>
            <legend>{t('admin.sla.limits')}</legend>
            <span id={`${id('limits')}-hint`} className="hint">
              {t('admin.sla.limitHint')}
            </span>
            {err.limits && <span className="field-error">{err.limits}</span>}
            <div className="stage-grid">
              {STAGES.map((s) => {
                const key = `limits.${s}`;
                return (
                  <Field key={s} id={id(key)} label={t(`stage.${s}` as 'stage.dispatch')} error={err[key]}>
                    <input {...control(id(key), err[key])} className="mono" placeholder="—" value={limits[s]} onChange={(e) => setLimits((l) => ({ ...l, [s]: e.target.value }))} />
                  </Field>
                );
              })}
            </div>
          </fieldset>
          {NUMBERS.map((k) => (
            <Field key={k} id={id(k)} label={t(`admin.sla.${k}`)} error={err[k]}>
              <input {...control(id(k), err[k])} type="number" min={0} max={k === 'warnPercent' ? 99 : 100000} step={k === 'warnPercent' ? 1 : 'any'} required value={numbers[k]} onChange={(e) => setNumbers((n) => ({ ...n, [k]: e.target.value }))} />
            </Field>
          ))}
          <label className="check span-all">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.sla.activeLabel')}
          </label>
        </div>
      )}
    </AdminDialog>
  );
}
