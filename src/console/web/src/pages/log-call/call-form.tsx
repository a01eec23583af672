import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { Department, TicketView } from '../../api';
import type { CategoryOption } from '../../category-search';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { CategoryPicker } from './category-picker';
import type { Draft, Field } from './draft';
import { RoutePreviewPanel } from './route-preview';
import type { RoutePreview } from './use-route-preview';

export interface FormRefs {
  phone: RefObject<HTMLInputElement | null>;
  categoryCode: RefObject<HTMLInputElement | null>;
  description: RefObject<HTMLTextAreaElement | null>;
  answer: RefObject<HTMLTextAreaElement | null>;
}

interface Props {
  draft: Draft;
  set<K extends Field>(field: K, value: Draft[K]): void;
  missing: Set<Field>;
  refs: FormRefs;
  categories: CategoryOption[];
  departments: Map<string, Department>;
  preview: RoutePreview;
  /** The caller's open tickets in the chosen category, with their Alt+n position. */
  duplicates: { ticket: TicketView; position: number }[];
  saving: boolean;
  error: string | null;
  onPhoneEnter(): void;
  onSubmit(): void;
}

/**
 * Enter moves to the next field (as call-centre forms have always done) instead of submitting a
 * half-filled form; saving is Ctrl+Enter or the button. Textareas keep Enter for new lines.
 */
function enterMovesOn(e: KeyboardEvent<HTMLFormElement>) {
  const target = e.target as HTMLElement;
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement) || target.getAttribute('role') === 'combobox') return;
  e.preventDefault();
  const fields = [...e.currentTarget.elements].filter((el): el is HTMLElement => el instanceof HTMLElement && !(el as HTMLInputElement).disabled && el.tabIndex >= 0);
  // a radio group is one stop, as with Tab
  const stops = fields.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked));
  stops[stops.indexOf(target) + 1]?.focus();
}

function Labelled({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function CallForm(p: Props) {
  const { t } = useI18n();
  const { settings } = useSession();
  const { draft, set, missing, refs } = p;
  const complaint = draft.kind === 'complaint';
  const err = (f: Field) => (missing.has(f) ? t('call.required') : undefined);
  const invalid = (f: Field) => ({ 'aria-invalid': missing.has(f) || undefined, 'aria-describedby': missing.has(f) ? `call-${f}-error` : undefined });
  return (
    <form
      className="card call-form"
      aria-labelledby="call-title"
      noValidate
      onKeyDown={enterMovesOn}
      onSubmit={(e) => {
        e.preventDefault();
        p.onSubmit();
      }}
    >
      <div className="row">
        <Labelled id="call-phone" label={t('call.phone')} error={err('phone')}>
          <input
            id="call-phone"
            ref={refs.phone}
            className="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            autoFocus
            value={draft.phone}
            onChange={(e) => set('phone', e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                e.stopPropagation();
                p.onPhoneEnter();
              }
            }}
            {...invalid('phone')}
          />
        </Labelled>
        <Labelled id="call-name" label={t('call.name')}>
          <input id="call-name" autoComplete="off" value={draft.name} onChange={(e) => set('name', e.target.value)} />
        </Labelled>
      </div>

      <fieldset className="kind">
        <legend>{t('call.kind')}</legend>
        {(['complaint', 'inquiry'] as const).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="kind" value={k} checked={draft.kind === k} onChange={() => set('kind', k)} /> {t(`kind.${k}`)}
          </label>
        ))}
      </fieldset>

      <CategoryPicker
        id="call-categoryCode"
        label={complaint ? t('call.category') : t('call.categoryOptional')}
        options={p.categories}
        value={draft.categoryCode}
        onChange={(code) => set('categoryCode', code)}
        onPicked={() => refs.description.current?.focus()}
        inputRef={refs.categoryCode}
        invalid={missing.has('categoryCode')}
        errorId="call-categoryCode-error"
      />
      {err('categoryCode') && (
        <span id="call-categoryCode-error" className="field-error">
          {err('categoryCode')}
        </span>
      )}
      {complaint &&
        p.duplicates.map(({ ticket, position }) => (
          <p key={ticket.id} className="notice" role="note" data-testid="duplicate-warning">
            <strong>{t('dup.title')}:</strong> {t('dup.text', { number: ticket.number, n: position + 1 })}
          </p>
        ))}

      <Labelled id="call-description" label={complaint ? t('call.description') : t('call.question')} error={err('description')}>
        <textarea id="call-description" ref={refs.description} rows={3} value={draft.description} onChange={(e) => set('description', e.target.value)} {...invalid('description')} />
      </Labelled>

      {complaint ? (
        <div className="row">
          <Labelled id="call-address" label={t('call.address')}>
            <input id="call-address" className="wide" autoComplete="off" value={draft.address} onChange={(e) => set('address', e.target.value)} />
          </Labelled>
          <Labelled id="call-district" label={t('call.district')}>
            <input id="call-district" autoComplete="off" value={draft.district} onChange={(e) => set('district', e.target.value)} />
          </Labelled>
          <Labelled id="call-priority" label={t('call.priority')}>
            <select id="call-priority" value={draft.priority} onChange={(e) => set('priority', e.target.value)}>
              {(settings?.priorities ?? ['normal']).map((pr) => (
                <option key={pr} value={pr}>
                  {t(`priority.${pr}` as 'priority.normal')}
                </option>
              ))}
            </select>
          </Labelled>
        </div>
      ) : (
        <Labelled id="call-answer" label={t('call.answer')} error={err('answer')}>
          <textarea id="call-answer" ref={refs.answer} rows={3} value={draft.answer} onChange={(e) => set('answer', e.target.value)} {...invalid('answer')} />
        </Labelled>
      )}

      {complaint && <RoutePreviewPanel preview={p.preview} hasCategory={!!draft.categoryCode} departments={p.departments} />}

      {p.error && (
        <p className="error" role="alert">
          {p.error}
        </p>
      )}
      <div className="row actions">
        <button type="submit" className="primary" disabled={p.saving} aria-keyshortcuts="Control+Enter">
          {p.saving ? t('call.saving') : complaint ? t('call.save') : t('call.saveInquiry')}
          <kbd>Ctrl+Enter</kbd>
        </button>
        {missing.size > 0 && <span className="field-error">{t('call.fix')}</span>}
      </div>
    </form>
  );
}
