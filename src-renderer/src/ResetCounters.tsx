import { useEffect, useState } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { UsagePeriodView, UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { Bilingual } from './Bilingual';
import { ConfirmDialog } from './ConfirmDialog';
import { useI18n } from './i18n';
import { usePanelStrings } from './panel-strings';

const PERIODS: readonly UsagePeriodView[] = ['day', 'week', 'month', 'all'];
const COUNTER_OF: Record<UsagePeriodView, keyof UsageSummaryView> = {
  day: 'today',
  week: 'week',
  month: 'month',
  all: 'total',
};

interface Props {
  api: SokhanApi | null;
  usage: UsageSummaryView | null;
  /** The counters after a reset (the core pushes them too; this shows them without waiting). */
  onUsage(summary: UsageSummaryView): void;
  /** Opens today's confirmation (the tray's "Reset today's counter…"); `onAsked` says it was opened. */
  askToday?: boolean;
  onAsked?(): void;
}

/** Four reset buttons, each behind a confirmation that says what will be zeroed and that the history is kept. */
export function ResetCounters({ api, usage, onUsage, askToday = false, onAsked }: Props) {
  const { fmt } = useI18n();
  const p = usePanelStrings();
  const [asking, setAsking] = useState<UsagePeriodView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [done, setDone] = useState<UsagePeriodView | null>(null);

  useEffect(() => {
    if (!askToday) return;
    setError(null);
    setDone(null);
    setAsking('day');
    onAsked?.();
  }, [askToday, onAsked]);

  const confirm = async () => {
    if (!api || !asking) return;
    setBusy(true);
    const result = await api.resetUsage(asking);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onUsage(result.value);
    setDone(asking);
    setAsking(null);
  };

  const counter = asking && usage ? usage[COUNTER_OF[asking]] : null;
  return (
    <div className="reset-counters">
      <p className="field-hint">{p.resetHint}</p>
      <div className="reset-buttons">
        {PERIODS.map((period) => (
          <button
            key={period}
            type="button"
            disabled={!api}
            onClick={() => {
              setError(null);
              setDone(null);
              setAsking(period);
            }}
          >
            {p.resetButton[period]}
          </button>
        ))}
      </div>
      <p role="status" className="saved-note">
        {done ? p.resetDone[done] : ''}
      </p>
      {asking && (
        <ConfirmDialog
          title={p.resetDialogTitle[asking]}
          confirmLabel={p.resetConfirm}
          cancelLabel={p.cancel}
          danger
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(null)}
        >
          <p>{p.resetWillZero}</p>
          {counter && (
            <ul className="reset-facts" data-testid="reset-facts">
              <li>{p.resetMinutes(fmt.minutes(counter.audioMs))}</li>
              <li>{p.resetRequests(fmt.number(counter.requests))}</li>
              <li>
                <bdi>{p.resetCost(fmt.money(counter.costMicros))}</bdi>
              </li>
            </ul>
          )}
          {asking === 'all' && <p>{p.resetAllAlso}</p>}
          <p className="reset-kept">{p.resetKept}</p>
          {error && (
            <div role="alert" className="notice notice-error">
              <Bilingual message={error} />
            </div>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
