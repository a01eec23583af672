import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { useTitle } from '../../use-title';
import { PhoneDevice } from './phone-device';
import { recentNumbers, remember } from './recent-numbers';

/**
 * Demo mode's caller: with SMS going to the built-in sandbox, a person plays the citizen's
 * phone here — reads what the service texted the number, texts back (a ticket number, "status",
 * a rating digit) and sees the answer, through the same code path as a real inbound text.
 * The number is in the address (`?number=`), so a demo can be bookmarked or shared.
 */
export function PhonePage() {
  const { t } = useI18n();
  const { settings } = useSession();
  useTitle(t('phone.title'));
  const [params, setParams] = useSearchParams();
  const phone = params.get('number');
  const [typed, setTyped] = useState(phone ?? '');
  const [recent, setRecent] = useState(recentNumbers);

  if (settings?.smsTransport !== 'sandbox') {
    return (
      <div className="pad">
        <h1>{t('phone.title')}</h1>
        <p className="notice">{t('phone.off')}</p>
      </div>
    );
  }

  const open = (number: string) => {
    const n = number.trim();
    if (!n) return;
    setTyped(n);
    setRecent(remember(n));
    setParams({ number: n });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open(typed);
  };

  return (
    <div className="phone-page pad-tight">
      <div className="phone-side">
        <h1>{t('phone.title')}</h1>
        <p className="muted small">{t('phone.intro')}</p>
        <form className="phone-pick" onSubmit={submit}>
          <label htmlFor="phone-number">{t('phone.number')}</label>
          <div className="row">
            <input id="phone-number" className="phone" type="tel" autoComplete="off" autoFocus={!phone} value={typed} onChange={(e) => setTyped(e.target.value)} />
            <button type="submit">{t('phone.open')}</button>
          </div>
        </form>
        {recent.length > 0 && (
          <nav aria-labelledby="phone-recent" className="phone-recent">
            <h2 id="phone-recent">{t('phone.recent')}</h2>
            <ul>
              {recent.map((n) => (
                <li key={n}>
                  <button type="button" className="link number" aria-current={n === phone ? 'true' : undefined} onClick={() => open(n)}>
                    {n}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
      {phone ? <PhoneDevice key={phone} phone={phone} /> : <p className="muted phone-placeholder">{t('phone.pick')}</p>}
    </div>
  );
}

