import { formatUsd } from '../../../../src-shared/money';
import type { Counter } from '../../../../src-shared/usage/counter';
import type { UsageSnapshot } from '../../../../src-shared/usage/views';
import type { HistoryReport } from './usage-history';

// The terminal tables of `sokhan usage` and `sokhan usage history`. English labels lead each line, because terminals
// rarely shape Persian right-to-left; every heading carries its Persian name too.

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function clockDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

function changeFromPrevious(percent: number | null): string {
  if (percent === null) return '';
  return percent === 0 ? '  (= prev)' : `  (${percent > 0 ? '+' : ''}${percent}% vs prev)`;
}

const usd = (micros: number): string => formatUsd(micros, 'en');

function counterRow(label: string, c: Counter, changePercent: number | null): string {
  const columns = [
    String(c.requests).padStart(8),
    String(c.failedRequests).padStart(6),
    clockDuration(c.audioMs).padStart(8),
    c.billedSeconds.toFixed(1).padStart(9),
    usd(c.costMicros).padStart(10),
  ];
  return `${label}  ${columns.join('  ')}${changeFromPrevious(changePercent)}`;
}

function counterTable(s: UsageSnapshot): string[] {
  const rows: Array<[string, Counter, number | null]> = [
    ['امروز  Today     ', s.counters.today, s.previous.day.costChangePercent],
    ['این هفته This week', s.counters.week, s.previous.week.costChangePercent],
    ['این ماه This month', s.counters.month, s.previous.month.costChangePercent],
    ['کل    All time  ', s.counters.total, null],
  ];
  return [
    '                    requests  failed     audio   billed s        cost',
    ...rows.map(([label, counter, change]) => counterRow(label, counter, change)),
  ];
}

/** Requests whose answer never came are spend until the provider's bill says otherwise: shown apart, never hidden. */
function unknownOutcomeLine(s: UsageSnapshot): string[] {
  const { unknownRequests, unknownCostMicros } = s.counters.total;
  if (unknownRequests === 0) return [];
  return [
    `نتیجهٔ نامعلوم Outcome unknown: ${unknownRequests} request(s) sent with no answer (timeout, cut connection, ` +
      `stop), estimated ${usd(unknownCostMicros)} — included in the cost above and counted against budgets; ` +
      `check your provider's bill.`,
  ];
}

function budgetLine(name: string, settingKey: string, b: UsageSnapshot['budget']['daily']): string {
  if (!b) return `${name}: none set (sokhan config set ${settingKey} 5)`;
  const held = b.reservedMicros ? `, ${usd(b.reservedMicros)} held for requests in flight` : '';
  return `${name}: ${usd(b.spentMicros)} of ${usd(b.limitMicros)} (${b.percentUsed}% used)${held}`;
}

function budgetLines(s: UsageSnapshot): string[] {
  const { budget, forecast } = s;
  const sessionWarning = budget.sessionWarnMicros === null ? 'off' : usd(budget.sessionWarnMicros);
  const resets = Object.entries(s.resets).map(([period, at]) => `${period} ${new Date(at).toISOString()}`);
  return [
    budgetLine('بودجهٔ روزانه Daily budget', 'budget.dailyUsd', budget.daily),
    budgetLine('بودجهٔ ماهانه Monthly budget', 'budget.monthlyUsd', budget.monthly),
    `Warn at ${budget.warnPercent}%; per-session warning ${sessionWarning}; ` +
      `block at limit ${budget.blockAtLimit ? 'on' : 'off'}`,
    `پیش‌بینی پایان ماه Month-end forecast: ${usd(forecast.monthEndMicros)} ` +
      `(average ${usd(forecast.dailyAverageMicros)}/day over ${forecast.basisDays} day(s))`,
    ...(resets.length > 0 ? [`Counters reset: ${resets.join(', ')}`] : []),
  ];
}

/** `sokhan usage`: the four counters, unknown outcomes, budgets and the forecast. */
export function usageText(s: UsageSnapshot): string {
  const lines = [
    'سخن‌نگار — کارکرد | SokhanNegar usage',
    '',
    ...counterTable(s),
    ...unknownOutcomeLine(s),
    '',
    ...budgetLines(s),
  ];
  return `${lines.join('\n')}\n`;
}

/** `sokhan usage history`: by model, the same audio on each model, the dearest sessions, and day by day. */
export function historyText(report: HistoryReport): string {
  const lines = [`Last ${report.days} days | ${report.days} روز گذشته`, '', 'By model | به تفکیک مدل:'];
  for (const m of report.byModel) {
    const audio = clockDuration(m.usage.audioMs).padStart(9);
    lines.push(
      `  ${m.model.padEnd(26)} ${String(m.usage.requests).padStart(7)} req  ${audio}  ${usd(m.usage.costMicros)}`,
    );
  }
  lines.push('', 'Same audio on each model | همین صدا روی هر مدل:');
  for (const m of report.sameAudioOnEachModel) {
    const change = m.changePercent === null ? '' : `  (${m.changePercent > 0 ? '+' : ''}${m.changePercent}%)`;
    lines.push(`  ${m.model.padEnd(26)} ${usd(m.costMicros).padStart(10)}${change}`);
  }
  lines.push('', 'Most expensive sessions | پرهزینه‌ترین جلسه‌ها:');
  for (const s of report.mostExpensiveSessions) {
    const started = new Date(s.startedAt).toISOString();
    lines.push(`  ${started}  ${s.sessionId.padEnd(20)} ${String(s.requests).padStart(4)} req  ${usd(s.costMicros)}`);
  }
  lines.push('', 'By day | روزانه:');
  for (const d of report.byDay.filter((day) => day.usage.requests > 0 || day.usage.costMicros > 0)) {
    lines.push(`  ${d.day}  ${String(d.usage.requests).padStart(6)} req  ${usd(d.usage.costMicros)}`);
  }
  return `${lines.join('\n')}\n`;
}
