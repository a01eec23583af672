import { useState } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useFormat } from '../../use-format';
import { TicketNumber } from '../../tickets/ticket-number';
import type { ExtensionRequestView } from './use-board';

type Verdict = 'approved' | 'rejected';

/**
 * 延期 requests waiting for a decision: what was promised, what is asked for, and why. A request
 * decided here stays in the list with its verdict until the board is opened again, though the
 * refresh the decision sets off no longer lists it: the supervisor sees what they just did.
 */
export function ExtensionsPanel({ requests, changed }: { requests: ExtensionRequestView[]; changed(): void }) {
  const { t } = useI18n();
  const [decided, setDecided] = useState<ReadonlyMap<string, { request: ExtensionRequestView; verdict: Verdict }>>(new Map());
  const waiting = new Set(requests.map((r) => r.id));
  const shown = [...requests, ...[...decided.values()].filter((d) => !waiting.has(d.request.id)).map((d) => d.request)];
  const onDecided = (request: ExtensionRequestView, verdict: Verdict) => {
    setDecided((m) => new Map(m).set(request.id, { request, verdict }));
    changed();
  };
  return (
    <section className="card board-extensions" aria-labelledby="board-ext-title">
      <h2 id="board-ext-title">
        {t('board.extensions')} <span className="count">{requests.length}</span>
      </h2>
      {shown.length === 0 && <p className="muted">{t('board.extensionsNone')}</p>}
      <ol className="board-list">
        {shown.map((r) => (
          <ExtensionRow key={r.id} request={r} decided={decided.get(r.id)?.verdict ?? null} onDecided={onDecided} />
        ))}
      </ol>
    </section>
  );
}

function ExtensionRow({ request: r, decided, onDecided }: { request: ExtensionRequestView; decided: Verdict | null; onDecided(r: ExtensionRequestView, verdict: Verdict): void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { api } = useSession();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `ext-note-${r.id}`;

  const decide = async (verdict: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ status: Verdict }>('POST', `/extension-requests/${r.id}/${verdict}`, { body: note.trim() ? { note: note.trim() } : {} });
      onDecided(r, res.status);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="ext-row" data-ticket={r.ticketNumber} data-request-id={r.id}>
      <div className="ticket-line">
        <TicketNumber number={r.ticketNumber} />
        <span className="muted small">{r.leadDepartment?.name ?? ''}</span>
        <span className="small">{t('board.extFromTo', { from: f.dateTime(r.currentDueAt), to: f.dateTime(r.requestedDueAt) })}</span>
      </div>
      <p className="small">{t('board.extReason', { reason: r.reason })}</p>
      {decided ? (
        <p className="ok" role="status">
          ✓ {t(decided === 'approved' ? 'board.approved' : 'board.rejected')}
        </p>
      ) : (
        <div className="row decide">
          <div className="field">
            <label htmlFor={id} className="sr-only">
              {t('board.extNote', { number: r.ticketNumber })}
            </label>
            <input id={id} value={note} maxLength={2000} placeholder={t('board.extNote', { number: r.ticketNumber })} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="button" className="small primary" disabled={busy} aria-label={t('board.approveLabel', { number: r.ticketNumber })} onClick={() => void decide('approve')}>
            {t('board.approve')}
          </button>
          <button type="button" className="small" disabled={busy} aria-label={t('board.rejectLabel', { number: r.ticketNumber })} onClick={() => void decide('reject')}>
            {t('board.reject')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
