import { useEffect, useState } from 'react';
import type { UsageSummaryView } from '../../src-shared/ipc/contract';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { UsageCards } from './UsageCards';
import { sokhanApi } from './sokhan-api';

const REFRESH_MS = 5000;

/** The window: title and the usage meter at a glance (dictation controls arrive with the capture issue). */
export function App() {
  const [summary, setSummary] = useState<UsageSummaryView | null>(null);
  const [error, setError] = useState<BilingualMessage | null>(null);

  useEffect(() => {
    const api = sokhanApi();
    if (!api) {
      setError({ fa: 'این صفحه بیرون از برنامه باز شده است.', en: 'This page was opened outside the app.' });
      return;
    }
    let alive = true;
    const load = async () => {
      const result = await api.usageSummary();
      if (!alive) return;
      if (result.ok) {
        setSummary(result.value);
        setError(null);
      } else {
        setError(result.message);
      }
    };
    void load();
    // The CLI may record usage on the same data folder meanwhile; refresh so the numbers never go stale.
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <main className="app">
      <header>
        <h1>سخن‌نگار</h1>
        <p className="subtitle">دیکتهٔ فارسی با هزینهٔ شفاف</p>
      </header>
      {error && (
        <div role="alert" className="error">
          <p>{error.fa}</p>
          <p dir="ltr" lang="en">{error.en}</p>
        </div>
      )}
      {summary && <UsageCards summary={summary} />}
    </main>
  );
}
