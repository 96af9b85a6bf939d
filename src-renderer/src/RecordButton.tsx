import { memo } from 'react';
import { useI18n } from './i18n';

interface Props {
  /** True from the press until the person stops (or cancels). */
  pressed: boolean;
  /** The microphone is capturing right now (drives the pulse). */
  live: boolean;
  disabled: boolean;
  onPress(): void;
  describedBy: string;
}

/** The big record toggle; its name stays "ضبط"/"Record" and aria-pressed says whether it records. */
export const RecordButton = memo(function RecordButton({ pressed, live, disabled, onPress, describedBy }: Props) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className={`record${pressed ? ' is-pressed' : ''}${live ? ' is-live' : ''}`}
      aria-pressed={pressed}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={onPress}
    >
      <span className="record-icon" aria-hidden="true" />
      <span className="record-label">{t.record}</span>
    </button>
  );
});
