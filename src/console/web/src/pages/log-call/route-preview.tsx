import type { Department } from '../../api';
import { errorText, useI18n } from '../../i18n/i18n';
import { useFormat } from '../../use-format';
import type { RoutePreview } from './use-route-preview';

/** What the operator reads to the caller before saving: who will handle it, and by when. */
export function RoutePreviewPanel({ preview, hasCategory, departments }: { preview: RoutePreview; hasCategory: boolean; departments: Map<string, Department> }) {
  const { t } = useI18n();
  const f = useFormat();
  const { suggestion, deadline } = preview;
  return (
    <section className="card preview" aria-labelledby="preview-title" aria-busy={preview.loading}>
      <h2 id="preview-title">{t('preview.title')}</h2>
      {!hasCategory ? (
        <p className="muted">{t('preview.pick')}</p>
      ) : preview.error ? (
        <p className="error">{errorText(t, preview.error)}</p>
      ) : !deadline && preview.loading ? (
        <p className="muted">{t('preview.loading')}</p>
      ) : (
        <dl aria-live="polite">
          <dt>{t('preview.department')}</dt>
          <dd data-testid="preview-department">
            {suggestion ? (
              <>
                <strong>{suggestion.leadDepartment.name}</strong>
                {suggestion.assistingDepartmentIds.length > 0 && (
                  <> · {t('preview.assisting', { names: suggestion.assistingDepartmentIds.map((id) => departments.get(id)?.name ?? id).join('、') })}</>
                )}
                <br />
                <span className="muted">{suggestion.autoDispatch ? t('preview.auto') : t('preview.manual')}</span>
              </>
            ) : (
              <span className="muted">{t('preview.noRoute')}</span>
            )}
          </dd>
          <dt>{t('preview.deadline')}</dt>
          <dd data-testid="preview-deadline">
            {deadline?.dueAt ? (
              <>
                <strong className="big-time">{f.dateTime(deadline.dueAt)}</strong>
                {deadline.policy && <span className="muted"> · {deadline.policy.name}</span>}
                {deadline.stages
                  .filter((s) => s.stage !== 'resolve')
                  .map((s) => (
                    <span key={s.stage} className="muted block">
                      {t('preview.stage', { stage: t(`stage.${s.stage}` as 'stage.dispatch'), time: f.dateTime(s.dueAt) })}
                    </span>
                  ))}
              </>
            ) : (
              <span className="muted">{t('preview.noPolicy')}</span>
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
