import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AdminDialog, control, FailedNote, Field, LoadState, useApiData, useDone } from './admin-kit';
import type { AdminCategory } from './admin-types';

type Open = { kind: 'edit'; node: AdminCategory } | { kind: 'child'; parent: AdminCategory | null } | null;

/**
 * 分类管理: the category tree operators pick from and Open311 lists. A category is retired (inactive),
 * never deleted: its tickets keep it. Children are created under a parent; the code is the path.
 */
export function CategoriesPage() {
  const { t } = useI18n();
  const { api } = useSession();
  useTitle(t('admin.categories'));
  const tree = useApiData<AdminCategory[]>('/categories');
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useDone();
  const [failed, setFailed] = useState<unknown>(null);
  // the toggle shows the new state at once, until the re-read tree says it (or the API refused)
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => setPending({}), [tree.data]);

  async function toggle(node: AdminCategory) {
    setFailed(null);
    setPending((p) => ({ ...p, [node.code]: !node.active }));
    try {
      await api('PATCH', `/categories/${encodeURIComponent(node.code)}`, { body: { active: !node.active } });
      setDone(t(node.active ? 'admin.cat.retired' : 'admin.cat.restored', { name: node.name }));
      tree.reload();
    } catch (err) {
      setPending(({ [node.code]: _, ...rest }) => rest);
      setDone('');
      setFailed(err);
    }
  }

  const render = (nodes: AdminCategory[], depth: number) => (
    <ul className={depth === 0 ? 'cat-tree' : 'cat-children'}>
      {nodes.map((n) => (
        <li key={n.id} data-code={n.code}>
          <div className={`cat-node${n.active ? '' : ' inactive'}`}>
            <span className="cat-name">{n.name}</span>
            <span className="mono muted small">{n.code}</span>
            {n.keywords && <span className="muted small cat-keywords">{n.keywords}</span>}
            <span className="spacer" />
            <label className="check small">
              <input type="checkbox" checked={pending[n.code] ?? n.active} disabled={n.code in pending} onChange={() => void toggle(n)} aria-label={t('admin.cat.activeOf', { name: n.name })} /> {t('admin.active')}
            </label>
            <button type="button" className="small" aria-label={t('admin.editOf', { name: n.name })} onClick={() => setOpen({ kind: 'edit', node: n })}>
              {t('admin.edit')}
            </button>
            <button type="button" className="small" aria-label={t('admin.cat.childOf', { name: n.name })} onClick={() => setOpen({ kind: 'child', parent: n })}>
              {t('admin.cat.child')}
            </button>
          </div>
          {n.children.length > 0 && render(n.children, depth + 1)}
        </li>
      ))}
    </ul>
  );

  return (
    <section aria-labelledby="admin-cat-title">
      <div className="page-head">
        <h1 id="admin-cat-title">{t('admin.categories')}</h1>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'child', parent: null })}>
          {t('admin.cat.newRoot')}
        </button>
      </div>
      {done}
      <FailedNote failed={failed} />
      <LoadState loaded={tree} />
      {tree.data && <div className="card">{render(tree.data, 0)}</div>}
      {open && (
        <CategoryDialog
          open={open}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setDone(text);
            tree.reload();
          }}
        />
      )}
    </section>
  );
}

function CategoryDialog({ open, onClose, onDone }: { open: NonNullable<Open>; onClose(): void; onDone(text: string): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const node = open.kind === 'edit' ? open.node : null;
  const prefix = open.kind === 'child' && open.parent ? `${open.parent.code}.` : '';
  const [segment, setSegment] = useState('');
  const [name, setName] = useState(node?.name ?? '');
  const [description, setDescription] = useState(node?.description ?? '');
  const [keywords, setKeywords] = useState(node?.keywords ?? '');
  return (
    <AdminDialog
      title={node ? t('admin.editOf', { name: node.name }) : open.kind === 'child' && open.parent ? t('admin.cat.childOf', { name: open.parent.name }) : t('admin.cat.newRoot')}
      submitLabel={node ? t('admin.save') : t('admin.create')}
      fields={['code', 'name', 'description', 'keywords']}
      onSubmit={async () => {
        const body = { name, description, keywords };
        if (node) await api('PATCH', `/categories/${encodeURIComponent(node.code)}`, { body });
        else await api('POST', '/categories', { body: { code: `${prefix}${segment}`, ...body } });
        onDone(t(node ? 'admin.cat.saved' : 'admin.cat.created', { name }));
      }}
      onClose={onClose}
    >
      {(err, id) => (
        <>
          {!node && (
            <Field id={id('code')} label={t('admin.cat.code')} hint={t('admin.cat.codeHint', { prefix: prefix || '—' })} error={err.code}>
              <div className="code-input">
                {prefix && <span className="mono muted">{prefix}</span>}
                <input {...control(id('code'), err.code, true)} className="mono" required data-autofocus value={segment} onChange={(e) => setSegment(e.target.value)} />
              </div>
            </Field>
          )}
          <Field id={id('name')} label={t('admin.cat.name')} error={err.name}>
            <input {...control(id('name'), err.name)} required maxLength={200} data-autofocus={node ? true : undefined} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id={id('description')} label={t('admin.cat.description')} hint={t('admin.cat.descriptionHint')} error={err.description}>
            <textarea {...control(id('description'), err.description, true)} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Field id={id('keywords')} label={t('admin.cat.keywords')} hint={t('admin.cat.keywordsHint')} error={err.keywords}>
            <input {...control(id('keywords'), err.keywords, true)} maxLength={500} value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </Field>
        </>
      )}
    </AdminDialog>
  );
}
