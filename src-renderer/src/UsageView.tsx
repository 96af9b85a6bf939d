import { useEffect, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type {
  BudgetStandingView,
  UsageDailyView,
  UsageSnapshotView,
  UsageSummaryView,
} from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';
import { SessionsList } from './SessionsList';
import { UsageCard } from './UsageCards';
import { UsageChart } from './UsageChart';
import './panels.css';

/** Days the chart covers. */
const CHART_DAYS = 30;

interface Props {
  api: SokhanApi | null;
  /** The counters the core pushes; a new one means something was metered or reset, so the view asks again. */
  usage: UsageSummaryView | null;
  calendar: 'persian' | 'gregorian';
}

function Change({ percent, period }: { percent: number | null; period: 'day' | 'week' | 'month' }) {
  const { fmt } = useI18n();
  const p = usePanelStrings();
  const than = p.vsPrevious[period];
  if (percent === null) return <p className="change change-none">{p.nothingBefore(than)}</p>;
  if (percent === 0) return <p className="change change-same">{p.same(than)}</p>;
  const up = percent > 0;
  return (
    <p className={`change ${up ? 'change-up' : 'change-down'}`}>
      <span aria-hidden="true">{up ? '▲ ' : '▼ '}</span>
      {up ? p.up(fmt.number(percent), than) : p.down(fmt.number(-percent), than)}
    </p>
  );
}

function BudgetBar({ label, standing }: { label: string; standing: BudgetStandingView | null }) {
  const { fmt } = useI18n();
  const p = usePanelStrings();
  if (!standing) {
    return (
      <div className="budget-row">
        <span className="budget-name">{label}</span>
        <span className="field-hint">{p.noBudget}</span>
      </div>
    );
  }
  const text = p.budgetOf(
    fmt.money(standing.spentMicros),
    fmt.money(standing.limitMicros),
    fmt.number(standing.percentUsed),
  );
  const level = standing.percentUsed >= 100 ? 'limit' : standing.percentUsed >= 80 ? 'warn' : 'ok';
  return (
    <div className="budget-row">
      <span className="budget-name">{label}</span>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, standing.percentUsed)}
        aria-valuetext={text}
        className={`budget-bar budget-${level}`}
      >
        <div className="budget-fill" style={{ inlineSize: `${Math.min(100, standing.percentUsed)}%` }} />
      </div>
      <bdi className="budget-text">{text}</bdi>
    </div>
  );
}

/** The usage dashboard: counters with their change from the previous period, budgets, forecast and the 30-day chart. */
export function UsageView({ api, usage, calendar }: Props) {
  const { t, fmt } = useI18n();
  const p = usePanelStrings();
  const [snapshot, setSnapshot] = useState<UsageSnapshotView | null>(null);
  const [daily, setDaily] = useState<UsageDailyView | null>(null);
  const [error, setError] = useState<BilingualMessage | null>(null);

  // Asked when the tab opens and whenever the core pushes new counters (a request metered, a reset, the CLI).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `usage` is the signal to ask again, not an input
  useEffect(() => {
    if (!api) return;
    let live = true;
    void Promise.all([api.usageSnapshot(), api.usageDaily(CHART_DAYS)]).then(([snap, days]) => {
      if (!live) return;
      if (snap.ok) setSnapshot(snap.value);
      if (days.ok) setDaily(days.value);
      setError(!snap.ok ? snap.message : !days.ok ? days.message : null);
    });
    return () => {
      live = false;
    };
  }, [api, usage]);

  return (
    <section className="usage-view" aria-labelledby="usage-view-title">
      <h2 id="usage-view-title" className="section-title">
        {p.usageTitle}
      </h2>
      {error && (
        <div role="alert" className="banner banner-error">
          <div className="banner-text">
            <Bilingual message={error} />
          </div>
        </div>
      )}
      {!snapshot && !error && <p role="status">{p.loading}</p>}
      {snapshot && (
        <>
          <div className="cards">
            <UsageCard label={t.today} counter={snapshot.counters.today}>
              <Change percent={snapshot.previous.day.costChangePercent} period="day" />
            </UsageCard>
            <UsageCard label={t.week} counter={snapshot.counters.week}>
              <Change percent={snapshot.previous.week.costChangePercent} period="week" />
            </UsageCard>
            <UsageCard label={t.month} counter={snapshot.counters.month}>
              <Change percent={snapshot.previous.month.costChangePercent} period="month" />
            </UsageCard>
            <UsageCard label={t.total} counter={snapshot.counters.total} />
          </div>
          <section className="card budgets" aria-labelledby="budgets-title">
            <h3 id="budgets-title" className="card-title">
              {p.budgetStanding}
            </h3>
            <BudgetBar label={p.dailyBudget} standing={snapshot.budget.daily} />
            <BudgetBar label={p.monthlyBudget} standing={snapshot.budget.monthly} />
            <p className="forecast" data-testid="forecast">
              <span className="budget-name">{p.forecast}: </span>
              <bdi>
                {p.forecastLine(
                  fmt.money(snapshot.forecast.monthEndMicros),
                  fmt.money(snapshot.forecast.dailyAverageMicros),
                  fmt.number(snapshot.forecast.basisDays),
                )}
              </bdi>
              {snapshot.budget.monthly && snapshot.forecast.monthEndMicros > snapshot.budget.monthly.limitMicros && (
                <strong className="forecast-over"> — {p.forecastOver}</strong>
              )}
            </p>
          </section>
        </>
      )}
      {daily && <UsageChart daily={daily} calendar={calendar} />}
      <SessionsList api={api} usage={usage} calendar={calendar} />
    </section>
  );
}
