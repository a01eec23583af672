import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useFormat } from '../../use-format';
import { useSandboxInbox } from './use-sandbox-inbox';

const RATING_DIGITS = ['1', '2', '3'];

/** The phone itself: the conversation, newest at the bottom, and a box to text the hotline. */
export function PhoneDevice({ phone }: { phone: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const f = useFormat();
  const { messages, error, refresh } = useSandboxInbox(phone);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const list = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // the newest message in view, as on a phone
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages]);

  const send = async (body: string) => {
    if (!body.trim() || sending) return;
    setSending(true);
    setSendError(null);
    try {
      await api('POST', '/sms/sandbox/inbound', { body: { from: phone, body } });
      setText('');
      refresh();
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
      input.current?.focus();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(text);
  };

  return (
    <section className="device" aria-labelledby="device-title">
      <header className="device-top">
        <h2 id="device-title" className="number">
          {phone}
        </h2>
        <span className="hint">{t('phone.updated')}</span>
      </header>
      <ol ref={list} className="device-screen" role="log" aria-live="polite" aria-label={t('phone.screenLabel', { phone })} tabIndex={0} data-testid="phone-messages">
        {messages?.length === 0 && <li className="muted empty">{t('phone.empty')}</li>}
        {messages?.map((m) => (
          <li key={m.id} className={`bubble bubble-${m.direction}`} data-direction={m.direction} data-template={m.template ?? ''}>
            <span className="sr-only">{m.direction === 'in' ? t('phone.in') : t('phone.out')}: </span>
            <span className="bubble-body">{m.body}</span>
            <span className="bubble-meta">
              {f.dateTime(m.createdAt)}
              {m.direction === 'out' && (m.status === 'queued' || m.status === 'sending') && ` · ${t('phone.pending')}`}
              {m.direction === 'out' && (m.status === 'failed' || m.status === 'undelivered') && ` · ${t('phone.failed')}`}
            </span>
          </li>
        ))}
      </ol>
      {error || sendError ? (
        <p className="error" role="alert">
          {errorText(t, sendError ?? error)}
        </p>
      ) : null}
      <div className="quick" role="group" aria-label={t('phone.quick')}>
        <button type="button" className="small" disabled={sending} onClick={() => send(t('phone.quickStatus'))}>
          {t('phone.quickStatus')}
        </button>
        {RATING_DIGITS.map((d) => (
          <button key={d} type="button" className="small" disabled={sending} onClick={() => send(d)}>
            {t('phone.quickRate', { score: d })}
          </button>
        ))}
      </div>
      <form className="compose" onSubmit={submit}>
        <label htmlFor="phone-compose" className="sr-only">
          {t('phone.compose')}
        </label>
        <input id="phone-compose" ref={input} value={text} autoComplete="off" autoFocus placeholder={t('phone.compose')} aria-describedby="phone-compose-hint" onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="primary" disabled={sending || !text.trim()}>
          {sending ? t('phone.sending') : t('phone.send')}
        </button>
        <span id="phone-compose-hint" className="hint">
          {t('phone.composeHint')}
        </span>
      </form>
    </section>
  );
}
