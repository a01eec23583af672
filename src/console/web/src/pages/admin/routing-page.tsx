import { useMemo, useState, type FormEvent } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AssistingChecks } from '../../department-checks';
import { AdminDialog, AdminTable, control, Field, LoadState, useApiData, useDone } from './admin-kit';
import { flatCategories, type AdminCategory, type AdminDepartment, type RoutingRule, type Suggestion } from './admin-types';
import { CategorySelect } from './category-select';

type Open = { kind: 'edit'; rule: RoutingRule | null } | { kind: 'delete'; rule: RoutingRule } | null;

/**
 * 派单规则: which department leads (and which assist) for a category, district and words in the
 * description; lower priority numbers are tried first. The box under the table asks the API
 * what it would suggest for a draft ticket, so a rule can be checked before a call comes in.
 */
export function RoutingPage() {
  const { t } = useI18n();
  const { api } = useSession();
  useTitle(t('admin.routing'));
  const rules = useApiData<RoutingRule[]>('/routing-rules');
  const departments = useApiData<AdminDepartment[]>('/departments');
  const tree = useApiData<AdminCategory[]>('/categories');
  const categories = useMemo(() => flatCategories(tree.data ?? []), [tree.data]);
  const catById = useMemo(() => new Map(categories.map((c) => [c.id, c])), [categories]);
  const deptById = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d])), [departments.data]);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useDone();
  const deptName = (id: string) => deptById.get(id)?.name ?? id;

  return (
    <section aria-labelledby="admin-routing-title">
      <div className="page-head">
        <h1 id="admin-routing-title">{t('admin.routing')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'edit', rule: null })}>
          {t('admin.rule.new')}
        </button>
        <span className="muted small">{t('admin.rule.intro')}</span>
      </div>
      {done}
      <LoadState loaded={rules} />
      {rules.data && (
        <AdminTable titleId="admin-routing-title" columns={[t('admin.rule.priority'), t('admin.rule.name'), t('admin.rule.when'), t('admin.rule.then'), t('admin.rule.autoDispatch'), t('queue.col.actions')]}>
              {rules.data.map((r) => (
                <tr key={r.id} data-rule={r.name} className={r.active ? '' : 'inactive'}>
                  <td className="num">{r.priority}</td>
                  <td>
                    {r.name}
                    {!r.active && <span className="tag">{t('admin.inactive')}</span>}
                  </td>
                  <td>
                    <dl className="inline-facts">
                      <dt>{t('admin.rule.category')}</dt>
                      <dd>{r.categoryId ? (catById.get(r.categoryId)?.name ?? r.categoryId) : t('admin.rule.anyCategory')}</dd>
                      {r.district && (
                        <>
                          <dt>{t('admin.rule.district')}</dt>
                          <dd>{r.district}</dd>
                        </>
                      )}
                      {r.keywords.length > 0 && (
                        <>
                          <dt>{t('admin.rule.keywords')}</dt>
                          <dd>{r.keywords.join(', ')}</dd>
                        </>
                      )}
                    </dl>
                  </td>
                  <td>
                    <strong>{deptName(r.leadDepartmentId)}</strong>
                    {r.assistingDepartmentIds.length > 0 && <span className="muted"> + {r.assistingDepartmentIds.map(deptName).join(', ')}</span>}
                  </td>
                  <td>{r.autoDispatch ? t('admin.yes') : t('admin.no')}</td>
                  <td className="row-actions">
                    <button type="button" className="small" aria-label={t('admin.editOf', { name: r.name })} onClick={() => setOpen({ kind: 'edit', rule: r })}>
                      {t('admin.edit')}
                    </button>
                    <button type="button" className="small" aria-label={t('admin.deleteOf', { name: r.name })} onClick={() => setOpen({ kind: 'delete', rule: r })}>
                      {t('admin.delete')}
                    </button>
                  </td>
                </tr>
              ))}
        </AdminTable>
      )}
      <SuggestBox categories={categories} deptName={deptName} />
      {open?.kind === 'edit' && (
        <RuleDialog
          rule={open.rule}
          categories={categories}
          catById={catById}
          departments={departments.data ?? []}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            rules.reload();
          }}
        />
      )}
      {open?.kind === 'delete' && (
        <AdminDialog
          title={t('admin.deleteOf', { name: open.rule.name })}
          submitLabel={t('admin.delete')}
          danger
          fields={[]}
          onSubmit={async () => {
            await api('DELETE', `/routing-rules/${open.rule.id}`);
            setDone(t('admin.rule.deleted', { name: open.rule.name }));
            rules.reload();
          }}
          onClose={() => setOpen(null)}
        >
          {() => <p>{t('admin.rule.deleteHint')}</p>}
        </AdminDialog>
      )}
    </section>
  );
}

function RuleDialog({ rule, categories, catById, departments, onClose, onDone }: { rule: RoutingRule | null; categories: (AdminCategory & { depth: number })[]; catById: Map<string, AdminCategory>; departments: AdminDepartment[]; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState(rule?.name ?? '');
  const [categoryCode, setCategoryCode] = useState(rule?.categoryId ? (catById.get(rule.categoryId)?.code ?? '') : '');
  const [district, setDistrict] = useState(rule?.district ?? '');
  const [keywords, setKeywords] = useState(rule?.keywords.join(', ') ?? '');
  const [lead, setLead] = useState(rule?.leadDepartmentId ?? '');
  const [assisting, setAssisting] = useState<string[]>(rule?.assistingDepartmentIds ?? []);
  const [priority, setPriority] = useState(String(rule?.priority ?? 100));
  const [autoDispatch, setAutoDispatch] = useState(rule?.autoDispatch ?? false);
  const [active, setActive] = useState(rule?.active ?? true);
  const handling = departments.filter((d) => d.kind === 'department' && (d.active || d.id === lead || assisting.includes(d.id)));

  async function save() {
    const words = keywords.split(/[,，;；\n]/).map((k) => k.trim()).filter(Boolean);
    const body = {
      name,
      categoryCode: categoryCode || null,
      district: district.trim() || null,
      keywords: words,
      leadDepartmentId: lead,
      assistingDepartmentIds: assisting.filter((id) => id !== lead),
      priority: Number(priority),
      autoDispatch,
      active,
    };
    if (rule) await api('PATCH', `/routing-rules/${rule.id}`, { body });
    // a new rule: absent, not null, for "any"
    else await api('POST', '/routing-rules', { body: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) });
    onDone(t(rule ? 'admin.rule.saved' : 'admin.rule.created', { name }));
  }

  return (
    <AdminDialog title={rule ? t('admin.editOf', { name: rule.name }) : t('admin.rule.new')} submitLabel={rule ? t('admin.save') : t('admin.create')} fields={['name', 'categoryCode', 'district', 'keywords', 'leadDepartmentId', 'assistingDepartmentIds', 'priority', 'autoDispatch', 'active']} onSubmit={save} onClose={onClose}>
      {(err, id) => (
        <div className="form-grid">
          <Field id={id('name')} label={t('admin.rule.name')} error={err.name} className="span-all">
            <input {...control(id('name'), err.name)} required maxLength={200} data-autofocus value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id={id('categoryCode')} label={t('admin.rule.category')} hint={t('admin.rule.categoryHint')} error={err.categoryCode}>
            <CategorySelect {...control(id('categoryCode'), err.categoryCode, true)} categories={categories} value={categoryCode} onChange={setCategoryCode} anyLabel={t('admin.rule.anyCategory')} />
          </Field>
          <Field id={id('district')} label={t('admin.rule.district')} hint={t('admin.rule.districtHint')} error={err.district}>
            <input {...control(id('district'), err.district, true)} maxLength={100} value={district} onChange={(e) => setDistrict(e.target.value)} />
          </Field>
          <Field id={id('keywords')} label={t('admin.rule.keywords')} hint={t('admin.rule.keywordsHint')} error={err.keywords} className="span-all">
            <input {...control(id('keywords'), err.keywords, true)} value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </Field>
          <Field id={id('leadDepartmentId')} label={t('admin.rule.lead')} error={err.leadDepartmentId}>
            <select {...control(id('leadDepartmentId'), err.leadDepartmentId)} required value={lead} onChange={(e) => setLead(e.target.value)}>
              <option value="">{t('admin.pick')}</option>
              {handling.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('priority')} label={t('admin.rule.priority')} hint={t('admin.rule.priorityHint')} error={err.priority}>
            <input {...control(id('priority'), err.priority, true)} type="number" min={0} max={100000} step={1} required value={priority} onChange={(e) => setPriority(e.target.value)} />
          </Field>
          <AssistingChecks
            legend={t('admin.rule.assisting')}
            departments={handling}
            lead={lead}
            assisting={assisting}
            onChange={setAssisting}
            error={err.assistingDepartmentIds}
            errorId={`${id('assistingDepartmentIds')}-error`}
          />
          <label className="check">
            <input type="checkbox" checked={autoDispatch} onChange={(e) => setAutoDispatch(e.target.checked)} /> {t('admin.rule.autoDispatchLabel')}
          </label>
          <label className="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.rule.activeLabel')}
          </label>
        </div>
      )}
    </AdminDialog>
  );
}

/** 规则试算: what the rules suggest for a draft ticket, as the call form would be told. */
function SuggestBox({ categories, deptName }: { categories: (AdminCategory & { depth: number })[]; deptName(id: string): string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [categoryCode, setCategoryCode] = useState('');
  const [district, setDistrict] = useState('');
  const [description, setDescription] = useState('');
  const [result, setResult] = useState<Suggestion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // the API words its reasons in English (route-ranking.ts): category, parent category, district, keywords: …
  const reason = (r: string) =>
    r === 'category' ? t('admin.rule.reason.category') : r === 'parent category' ? t('admin.rule.reason.parent') : r === 'district' ? t('admin.rule.reason.district') : r.startsWith('keywords: ') ? t('admin.rule.reason.keywords', { words: r.slice(10) }) : r;

  async function run(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api<Suggestion[]>('GET', '/routing/suggest', { query: { categoryCode, district: district.trim(), description: description.trim() } }));
    } catch (err) {
      setResult(null);
      setError(err);
    }
  }

  return (
    <section className="card suggest-box" aria-labelledby="admin-suggest-title">
      <h2 id="admin-suggest-title">{t('admin.rule.test')}</h2>
      <form className="suggest-form" onSubmit={run}>
        <Field id="suggest-category" label={t('admin.rule.category')}>
          <CategorySelect id="suggest-category" categories={categories} value={categoryCode} onChange={setCategoryCode} anyLabel={t('admin.none')} />
        </Field>
        <Field id="suggest-district" label={t('admin.rule.district')}>
          <input id="suggest-district" value={district} onChange={(e) => setDistrict(e.target.value)} />
        </Field>
        <Field id="suggest-description" label={t('admin.rule.description')} className="grow">
          <input id="suggest-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <button type="submit">{t('admin.rule.testRun')}</button>
      </form>
      {error !== null && (
        <p className="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      <div role="status" data-testid="suggestions">
        {result &&
          (result.length === 0 ? (
            <p className="muted">{t('admin.rule.noSuggestion')}</p>
          ) : (
            <ol className="suggestions">
              {result.map((s, i) => (
                <li key={`${s.ruleName}-${i}`} data-rule={s.ruleName}>
                  <strong>{s.leadDepartment.name}</strong>
                  {s.assistingDepartmentIds.length > 0 && <span className="muted"> + {s.assistingDepartmentIds.map(deptName).join(', ')}</span>}
                  {' · '}
                  {t('admin.rule.byRule', { name: s.ruleName })}
                  {s.autoDispatch && <span className="tag">{t('admin.rule.autoDispatch')}</span>}
                  {s.reasons.length > 0 && <span className="muted small"> ({s.reasons.map(reason).join('; ')})</span>}
                </li>
              ))}
            </ol>
          ))}
      </div>
    </section>
  );
}
