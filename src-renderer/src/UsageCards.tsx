import type { UsageCounterView, UsageSummaryView } from '../../src-shared/ipc/contract';
import { formatUsd } from '../../src-shared/money';

const PERIODS: Array<{ key: keyof UsageSummaryView; label: string }> = [
  { key: 'today', label: 'امروز' },
  { key: 'week', label: 'این هفته' },
  { key: 'month', label: 'این ماه' },
  { key: 'total', label: 'از ابتدا' },
];

const number = new Intl.NumberFormat('fa-IR');

function minutes(ms: number): string {
  return new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 }).format(ms / 60_000);
}

function Card({ label, counter }: { label: string; counter: UsageCounterView }) {
  return (
    <section className="card" aria-label={label}>
      <h2>{label}</h2>
      <p className="cost">
        <bdi>{formatUsd(counter.costMicros, 'fa')}</bdi>
      </p>
      <ul className="facts">
        <li>{minutes(counter.audioMs)} دقیقه صدای ارسال‌شده</li>
        <li>{number.format(counter.requests)} درخواست</li>
        {counter.failedRequests > 0 && (
          <li className="failed">{number.format(counter.failedRequests)} ناموفق، بدون هزینه</li>
        )}
      </ul>
    </section>
  );
}

/** Today, this week, this month and all time, side by side. */
export function UsageCards({ summary }: { summary: UsageSummaryView }) {
  return (
    <div className="cards">
      {PERIODS.map(({ key, label }) => (
        <Card key={key} label={label} counter={summary[key]} />
      ))}
    </div>
  );
}
