import type { ReactNode } from 'react';
import type { UsageCounterView, UsageDailyView } from '../../src-shared/app-contract/views';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';

const WIDTH = 800;
const HEIGHT = 150;
const TOP = 18;
const BOTTOM = 22;
const SIDE = 8;

interface BarsProps {
  values: readonly number[];
  labels: readonly string[];
  /** The text alternative: what the chart says, in words. */
  label: string;
  title: string;
  format(value: number): string;
  className: string;
}

/**
 * One bar per day, in plain SVG. Time runs the way the page reads: right to left in Persian (today at the left end),
 * left to right in English. The chart is role="img" with its totals and busiest day in its label; the numbers
 * themselves are in the table below it.
 */
function Bars({ values, labels, label, title, format, className }: BarsProps) {
  const { dir } = useI18n();
  const max = Math.max(0, ...values);
  const slot = (WIDTH - 2 * SIDE) / values.length;
  const plot = HEIGHT - TOP - BOTTOM;
  const x = (index: number) => (dir === 'rtl' ? WIDTH - SIDE - (index + 1) * slot : SIDE + index * slot);
  const tick = (index: number) => (
    <text key={`t${index}`} x={x(index) + slot / 2} y={HEIGHT - 6} textAnchor="middle" className="chart-tick">
      {labels[index]}
    </text>
  );
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className={`chart-svg ${className}`}>
        <line x1={SIDE} x2={WIDTH - SIDE} y1={TOP + plot} y2={TOP + plot} className="chart-axis" />
        <line x1={SIDE} x2={WIDTH - SIDE} y1={TOP} y2={TOP} className="chart-grid" />
        <text
          x={dir === 'rtl' ? WIDTH - SIDE : SIDE}
          y={TOP - 5}
          textAnchor="start"
          direction={dir}
          className="chart-tick"
        >
          {format(max)}
        </text>
        {values.map((value, index) => {
          const h = max === 0 ? 0 : (value / max) * plot;
          return (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: one bar per day slot, in a fixed order
              key={index}
              x={x(index) + slot * 0.15}
              y={TOP + plot - h}
              width={slot * 0.7}
              height={Math.max(h, value > 0 ? 1 : 0)}
              rx={1.5}
              className="chart-bar"
            />
          );
        })}
        {values.length > 0 && [tick(0), tick(Math.floor((values.length - 1) / 2)), tick(values.length - 1)]}
      </svg>
    </figure>
  );
}

const LABEL = 230;
const ROW = 28;

/** Cost per model over the chart's days, one horizontal bar each, growing from the side the page starts on. */
function ModelBars({
  byModel,
  label,
  format,
}: {
  byModel: UsageDailyView['byModel'];
  label: string;
  format(micros: number): string;
}) {
  const { dir } = useI18n();
  const max = Math.max(0, ...byModel.map((m) => m.usage.costMicros));
  const room = WIDTH - 2 * SIDE - LABEL - 110;
  const height = byModel.length * ROW + 6;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label} className="chart-svg chart-models">
      {byModel.map((m, i) => {
        const w = max === 0 ? 0 : Math.max(1, (m.usage.costMicros / max) * room);
        const y = 3 + i * ROW;
        const rtl = dir === 'rtl';
        const barStart = rtl ? WIDTH - SIDE - LABEL - w : SIDE + LABEL;
        return (
          <g key={m.model}>
            <text
              x={rtl ? WIDTH - SIDE : SIDE}
              y={y + ROW / 2 + 4}
              textAnchor={rtl ? 'end' : 'start'}
              direction="ltr"
              className="chart-tick"
            >
              {m.model}
            </text>
            <rect x={barStart} y={y + 5} width={w} height={ROW - 10} rx={2} className="chart-bar" />
            {/* Anchors are read left to right here, whatever the page direction, so "end" is the right edge. */}
            <text
              x={rtl ? barStart - 6 : barStart + w + 6}
              y={y + ROW / 2 + 4}
              textAnchor={rtl ? 'end' : 'start'}
              direction="ltr"
              className="chart-tick"
            >
              {format(m.usage.costMicros)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Minutes and cost per day for the last days, as two bar charts with a table of the same numbers. */
export function UsageChart({ daily, calendar }: { daily: UsageDailyView; calendar: 'persian' | 'gregorian' }) {
  const { lang, fmt } = useI18n();
  const p = usePanelStrings();
  const locale = `${lang === 'fa' ? 'fa-IR' : 'en-GB'}-u-ca-${calendar === 'persian' ? 'persian' : 'gregory'}`;
  const short = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayMs = (day: string) => Date.parse(`${day}T12:00:00Z`);
  const minutes = daily.byDay.map((d) => d.usage.audioMs);
  const costs = daily.byDay.map((d) => d.usage.costMicros);
  const labels = daily.byDay.map((d) => short.format(dayMs(d.day)));
  const totalMs = minutes.reduce((a, b) => a + b, 0);
  const totalMicros = costs.reduce((a, b) => a + b, 0);
  const totalRequests = daily.byDay.reduce((a, d) => a + d.usage.requests, 0);
  const top = (values: readonly number[], format: (v: number) => string) => {
    const max = Math.max(0, ...values);
    if (max === 0) return '';
    const index = values.indexOf(max);
    return p.chartTop(long.format(dayMs(daily.byDay[index].day)), format(max));
  };
  return (
    <section className="card usage-chart" aria-labelledby="chart-title">
      <h3 id="chart-title" className="card-title">
        {p.chartTitle}
      </h3>
      {totalMs === 0 && totalMicros === 0 && <p className="field-hint">{p.noUse}</p>}
      <div className="charts">
        <Bars
          title={p.minutesPerDay}
          values={minutes}
          labels={labels}
          format={fmt.minutes}
          label={p.chartMinutesLabel(fmt.minutes(totalMs), top(minutes, fmt.minutes))}
          className="chart-minutes"
        />
        <Bars
          title={p.costPerDay}
          values={costs}
          labels={labels}
          format={fmt.money}
          label={p.chartCostLabel(fmt.money(totalMicros), top(costs, fmt.money))}
          className="chart-cost"
        />
      </div>
      <details className="chart-table">
        <summary>{p.showNumbers}</summary>
        <UsageTable
          firstColumn={p.dayColumn}
          rows={[...daily.byDay]
            .reverse()
            .map((d) => ({ key: d.day, label: long.format(dayMs(d.day)), usage: d.usage }))}
          total={{ label: p.totalRow, usage: { audioMs: totalMs, requests: totalRequests, costMicros: totalMicros } }}
        />
      </details>
      {daily.byModel.length > 0 && (
        <figure className="chart">
          <figcaption className="chart-title">{p.byModel}</figcaption>
          <ModelBars
            byModel={daily.byModel}
            format={fmt.money}
            label={p.chartModelsLabel(
              daily.byModel
                .map((m) => `${m.model}: ${fmt.money(m.usage.costMicros)}`)
                .join(lang === 'fa' ? '، ' : ', '),
            )}
          />
        </figure>
      )}
      {daily.byModel.length > 0 && (
        <UsageTable
          className="by-model"
          caption={p.byModel}
          firstColumn={p.modelColumn}
          rows={daily.byModel.map((m) => ({ key: m.model, label: <bdi>{m.model}</bdi>, usage: m.usage }))}
        />
      )}
    </section>
  );
}

interface UsageRow {
  key: string;
  label: ReactNode;
  usage: Pick<UsageCounterView, 'audioMs' | 'requests' | 'costMicros'>;
}

/** The numbers behind a chart, one row each (a day, a model): minutes, requests and cost, and a total if given. */
function UsageTable({
  firstColumn,
  rows,
  total,
  caption,
  className,
}: {
  firstColumn: string;
  rows: UsageRow[];
  total?: Omit<UsageRow, 'key'>;
  caption?: string;
  className?: string;
}) {
  const { fmt } = useI18n();
  const p = usePanelStrings();
  const cells = (row: Omit<UsageRow, 'key'>) => (
    <>
      <th scope="row">{row.label}</th>
      <td>{fmt.minutes(row.usage.audioMs)}</td>
      <td>{fmt.number(row.usage.requests)}</td>
      <td>
        <bdi>{fmt.money(row.usage.costMicros)}</bdi>
      </td>
    </>
  );
  return (
    <table className={className}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{firstColumn}</th>
          <th scope="col">{p.minutesColumn}</th>
          <th scope="col">{p.requestsColumn}</th>
          <th scope="col">{p.costColumn}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>{cells(row)}</tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr>{cells(total)}</tr>
        </tfoot>
      )}
    </table>
  );
}
