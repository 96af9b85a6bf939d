import { costOnEachModel, mostExpensiveSessions, usageByDay, usageByModel } from '../../../../src-shared/usage/views';
import type { UsageMeter } from '../../../usage/usage-meter';

/** What `sokhan usage history` reports (its `--json` shape). */
export interface HistoryReport {
  days: number;
  byDay: ReturnType<typeof usageByDay>;
  byModel: ReturnType<typeof usageByModel>;
  mostExpensiveSessions: ReturnType<typeof mostExpensiveSessions>;
  sameAudioOnEachModel: ReturnType<typeof costOnEachModel>;
}

/** The last `days` days (today included): per day and model from the aggregates, sessions from the ledger. */
export async function historyReport(meter: UsageMeter, now: number, days: number): Promise<HistoryReport> {
  const today = meter.dayOf(now);
  const state = meter.state();
  const byDay = usageByDay(state, today, days);
  const records = await meter.records({ from: byDay[0].day, to: today });
  return {
    days,
    byDay,
    byModel: usageByModel(state, today, days),
    mostExpensiveSessions: mostExpensiveSessions(records, 10),
    sameAudioOnEachModel: costOnEachModel(records),
  };
}
