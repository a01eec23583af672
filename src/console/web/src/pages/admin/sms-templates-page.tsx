import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../form-dialog';
import { formProblems } from '../../field-errors';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { AdminDialog, AdminTable, control, Field, LoadState, useApiData, useDone } from './admin-kit';
import type { SmsRendering, SmsTemplates, SmsTemplateView, SmsWordingView } from './admin-types';

/**
 * 短信模板: every message the service sends, in each language, in the wording in force (the
 * shipped one or the deployment's own), rendered with sample data, with its encoding and segment
 * count against the budget; one rendered from a real ticket; and each wording edited in a dialog
 * that renders the draft as it is typed and shows the API's refusal at the text.
 */
export function SmsTemplatesPage() {
  const { t } = useI18n();
  useTitle(t('admin.smsTemplates'));
  const loaded = useApiData<SmsTemplates>('/sms/templates');
  const data = loaded.data;
  const [editing, setEditing] = useState<{ template: SmsTemplateView; rendering: SmsWordingView } | null>(null);
  const [done, setDone] = useDone();
  return (
    <section aria-labelledby="admin-sms-title">
      <div className="page-head">
        <h1 id="admin-sms-title">{t('admin.smsTemplates')}</h1>
        {data && <span className="muted small">{t('admin.sms.intro', { max: data.maxSegments, seconds: data.refreshSeconds })}</span>}
      </div>
      <LoadState loaded={loaded} />
      {done}
      {data && <PreviewBox templates={data.templates.map((x) => x.template)} max={data.maxSegments} />}
      {editing && data && (
        <WordingDialog
          template={editing.template}
          rendering={editing.rendering}
          max={data.maxSegments}
          onDone={(text) => {
            setDone(text);
            loaded.reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {data && (
        <AdminTable titleId="admin-sms-title" className="sms-table" columns={[t('admin.sms.template'), t('admin.sms.language'), t('admin.sms.text'), t('admin.sms.size'), t('admin.sms.actions')]}>
              {data.templates.flatMap((x) =>
                x.renderings.map((r, i) => (
                  <tr key={`${x.template}-${r.locale}`} data-template={x.template} data-locale={r.locale}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={x.renderings.length} className="mono">
                        {x.template}
                      </th>
                    )}
                    <td>{r.locale}</td>
                    <td className="sms-body" lang={r.locale}>
                      {r.body}
                    </td>
                    <td className="small">
                      <Size r={r} max={data.maxSegments} />
                    </td>
                    <td className="small">
                      <span className={r.custom ? 'badge' : 'muted'}>{t(r.custom ? 'admin.sms.custom' : 'admin.sms.shipped')}</span>{' '}
                      <button type="button" aria-label={t('admin.sms.editLabel', { template: x.template, locale: r.locale })} onClick={() => setEditing({ template: x, rendering: r })}>
                        {t('admin.sms.edit')}
                      </button>
                    </td>
                  </tr>
                )),
              )}
        </AdminTable>
      )}
    </section>
  );
}

function Size({ r, max }: { r: SmsRendering; max: number }) {
  const { t } = useI18n();
  return <span className={r.segments > max ? 'tone-bad' : undefined}>{t('admin.sms.segments', { segments: r.segments, max, encoding: r.encoding, units: r.units })}</span>;
}

/** How long typing pauses before the draft is rendered by the API. */
const DRAFT_DELAY_MS = 250;

/** The wording as text, with buttons that insert a value at the cursor, and the draft rendered as it is typed. */
function WordingDialog({ template, rendering, max, onDone, onClose }: { template: SmsTemplateView; rendering: SmsWordingView; max: number; onDone(text: string): void; onClose(): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState(rendering.text);
  const [draft, setDraft] = useState<{ sms: SmsRendering | null; problem: string | null }>({ sms: rendering, problem: null });
  const area = useRef<HTMLTextAreaElement | null>(null);
  const names = { template: template.template, locale: rendering.locale };
  const path = `/sms/templates/${template.template}/${rendering.locale}`;

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api<SmsRendering>('POST', '/sms/templates/preview', { body: { template: template.template, locale: rendering.locale, text } }).then(
        (sms) => live && setDraft({ sms, problem: null }),
        (err) => {
          if (!live) return;
          // the same reading of a refusal as the dialog's own, at the text or for the whole form
          const problems = formProblems(err, ['text'], describeError(t));
          setDraft({ sms: null, problem: problems.fields.text ?? errorText(t, problems.general) });
        },
      );
    }, DRAFT_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, t, template.template, rendering.locale, text]);

  function insert(name: string) {
    const el = area.current;
    const token = `{${name}}`;
    const [from, to] = el ? [el.selectionStart, el.selectionEnd] : [text.length, text.length];
    setText(text.slice(0, from) + token + text.slice(to));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(from + token.length, from + token.length);
    });
  }

  return (
    <AdminDialog
      title={t('admin.sms.editTitle', names)}
      submitLabel={t('admin.sms.save')}
      fields={['text']}
      onSubmit={async () => {
        await api('PUT', path, { body: { text } });
        onDone(t('admin.sms.saved', names));
      }}
      secondary={
        rendering.custom
          ? {
              label: t('admin.sms.restore'),
              run: async () => {
                await api('DELETE', path);
                onDone(t('admin.sms.restored', names));
              },
            }
          : undefined
      }
      onClose={onClose}
    >
      {(err, id) => (
        <>
          <Field id={id('text')} label={t('admin.sms.wording')} hint={t('admin.sms.wordingHint')} error={err.text}>
            <textarea
              {...control(id('text'), err.text, true)}
              ref={area}
              data-autofocus
              className="wording"
              lang={rendering.locale}
              rows={5}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Field>
          <div className="row wrap" role="group" aria-label={t('admin.sms.placeholders')}>
            {template.placeholders.map((p) => (
              <button key={p.name} type="button" className="chip mono" aria-label={p.required ? t('admin.sms.required', { name: `{${p.name}}` }) : undefined} onClick={() => insert(p.name)}>
                {`{${p.name}}`}
                {p.required ? ' *' : ''}
              </button>
            ))}
          </div>
          <div className="sms-preview draft" aria-live="polite">
            <h3 className="small">{t('admin.sms.draft')}</h3>
            {draft.sms && (
              <>
                <p className="sms-body" lang={rendering.locale}>
                  {draft.sms.body}
                </p>
                <p className="small">
                  <Size r={draft.sms} max={max} />
                </p>
              </>
            )}
            {draft.problem && <p className="field-error">{draft.problem}</p>}
          </div>
        </>
      )}
    </AdminDialog>
  );
}

function PreviewBox({ templates, max }: { templates: string[]; max: number }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [template, setTemplate] = useState(templates[0] ?? '');
  const [lang, setLang] = useState<string>(locale);
  const [ticketNumber, setTicketNumber] = useState('');
  const [result, setResult] = useState<SmsRendering | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api<SmsRendering>('POST', '/sms/templates/preview', { body: { template, locale: lang, ...(ticketNumber.trim() ? { ticketNumber: ticketNumber.trim() } : {}) } }));
    } catch (err) {
      setResult(null);
      setError(err);
    }
  }
  return (
    <section className="card suggest-box" aria-labelledby="admin-sms-preview">
      <h2 id="admin-sms-preview">{t('admin.sms.preview')}</h2>
      <form className="suggest-form" onSubmit={run}>
        <div className="field">
          <label htmlFor="sms-template">{t('admin.sms.template')}</label>
          <select id="sms-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
            {templates.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sms-locale">{t('admin.sms.language')}</label>
          <select id="sms-locale" value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="zh-CN">中文 (zh-CN)</option>
            <option value="en">English (en)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="sms-ticket">{t('admin.sms.ticket')}</label>
          <input id="sms-ticket" className="mono" aria-describedby="sms-ticket-hint" value={ticketNumber} onChange={(e) => setTicketNumber(e.target.value)} />
          <span id="sms-ticket-hint" className="hint">
            {t('admin.sms.ticketHint')}
          </span>
        </div>
        <button type="submit">{t('admin.sms.render')}</button>
      </form>
      {error !== null && (
        <p className="error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      <div role="status">
        {result && (
          <div className="sms-preview">
            <p className="sms-body" lang={result.locale}>
              {result.body}
            </p>
            <p className="small">
              <Size r={result} max={max} />
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
