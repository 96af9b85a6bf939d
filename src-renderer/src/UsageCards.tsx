import { memo, type ReactNode } from 'react';
import type { UsageCounterView, UsageSummaryView } from '../../src-shared/app-contract/views';
import { useI18n, type Strings } from './i18n';
import { spoolStrings } from './spool-strings';

const PERIODS: ReadonlyArray<keyof UsageSummaryView & keyof Strings> = ['today', 'week', 'month', 'total'];

/** One usage counter as a card: cost, minutes sent, requests, free failures; `children` adds a line (a comparison). */
export function UsageCard({
  label,
  counter,
  children,
}: {
  label: string;
  counter: UsageCounterView;
  children?: ReactNode;
}) {
  const { t, fmt, lang } = useI18n();
  const spool = spoolStrings(lang);
  return (
    <section className="card usage-card" aria-label={label}>
      <h3>{label}</h3>
      <p className="cost">
        <bdi>{fmt.money(counter.costMicros)}</bdi>
      </p>
      <ul className="facts">
        <li>{t.minutesSent(fmt.minutes(counter.audioMs))}</li>
        <li>{t.requestsCount(fmt.number(counter.requests))}</li>
        {counter.failedRequests > 0 && <li className="failed">{t.failedFree(fmt.number(counter.failedRequests))}</li>}
        {(counter.unknownRequests ?? 0) > 0 && (
          <li className="unknown-outcome">
            {spool.unknownOutcome(fmt.number(counter.unknownRequests ?? 0), fmt.money(counter.unknownCostMicros ?? 0))}
          </li>
        )}
      </ul>
      {children}
    </section>
  );
}

/** Today, this week, this month and all time, side by side; the core pushes new numbers as they change. */
export const UsageCards = memo(function UsageCards({ summary }: { summary: UsageSummaryView }) {
  const { t } = useI18n();
  return (
    <section className="usage" aria-labelledby="usage-title">
      <h2 id="usage-title" className="section-title">
        {t.usage}
      </h2>
      <div className="cards">
        {PERIODS.map((key) => (
          <UsageCard key={key} label={t[key]} counter={summary[key]} />
        ))}
      </div>
    </section>
  );
});
