import { errorText, useI18n } from '../../i18n/i18n';
import { useFormat } from '../../use-format';
import { useTitle } from '../../use-title';
import { AlertsPanel } from './alerts-panel';
import { alertText } from './alert-text';
import { ExtensionsPanel } from './extensions-panel';
import { DisputesPanel, LatePanel } from './late-panel';
import { useBoard } from './use-board';

/**
 * The supervision office's screen: the alerts inbox (live, without reloading), tickets overdue or
 * at risk across departments with 督办, extension requests to decide, and routing disputes.
 * Countdowns run on the server's clock; times are in the deployment's zone.
 */
export function BoardPage() {
  const { t } = useI18n();
  const f = useFormat();
  useTitle(t('board.title'));
  const board = useBoard();
  const latest = board.newAlerts.at(-1);
  const streamWord = t(board.stream === 'live' ? 'board.live' : board.stream === 'connecting' ? 'board.connecting' : 'board.reconnecting');

  return (
    <div className="board">
      <div className="page-head">
        <h1 id="board-title">{t('board.title')}</h1>
        <span className={`stream stream-${board.stream}`} role="status" aria-label={t('board.liveLabel', { state: streamWord })}>
          <span className="dot" aria-hidden="true" />
          {streamWord}
        </span>
        {board.loadedAt && <span className="muted small">{t('board.updated', { time: f.dateTime(new Date(board.loadedAt + board.serverOffset).toISOString()) })}</span>}
        <span className="keys">{t('board.keys')}</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={board.refresh}>
          {t('board.refresh')}
        </button>
      </div>
      {/* screen readers hear each alert as it arrives; the list itself is not a live region (too chatty) */}
      <p className="sr-only" aria-live="polite">
        {latest ? t('board.newAlert', { text: alertText(t, f.dateTime, latest) }) : ''}
      </p>
      {board.error != null && (
        <p className="error" role="alert">
          {errorText(t, board.error)}
        </p>
      )}
      <div className="board-grid">
        <AlertsPanel alerts={board.alerts} openTotal={board.openTotal} departments={board.departments} acknowledged={board.acknowledged} />
        <LatePanel tickets={board.late} serverOffset={board.serverOffset} changed={board.refresh} />
        <ExtensionsPanel requests={board.extensions} changed={board.refresh} />
        <DisputesPanel tickets={board.disputes} />
      </div>
    </div>
  );
}
