import { useState, type MouseEvent } from 'react';
import { errorText, useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';

/**
 * A real link to the CSV the API exports (copyable, opens with Enter), fetched with the
 * signed-in user's token on click: a plain navigation would carry no Authorization header.
 */
export function CsvLink({ query, label, testId }: { query: Record<string, string | undefined>; label: string; testId: string }) {
  const { t } = useI18n();
  const { token } = useSession();
  const [error, setError] = useState<string | null>(null);
  const qs = new URLSearchParams(Object.entries({ ...query, format: 'csv' }).filter((e): e is [string, string] => !!e[1])).toString();
  const href = `/api/v1/reports/figures?${qs}`;

  const download = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await fetch(href, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' } });
      if (!res.ok) throw new Error((await res.json().catch(() => null))?.message ?? res.statusText);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'figures.csv';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  return (
    <>
      <a href={href} download onClick={download} className="csv-link" data-testid={testId}>
        {label}
      </a>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
