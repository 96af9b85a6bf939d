import type { UsageSettings } from '../../src-main/usage/usage-meter';

/** A meter with no budgets and no session warning: for tests that seed or read usage as another process would. */
export const NO_BUDGET_SETTINGS: UsageSettings = {
  budget: { dailyUsd: null, monthlyUsd: null, warnPercent: 80, sessionWarnUsd: 0, blockAtLimit: false },
  weekStartsOn: 'saturday',
  calendar: 'gregorian',
};
