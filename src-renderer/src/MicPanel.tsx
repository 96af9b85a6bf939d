import { memo, useId } from 'react';
import type { MicSettings } from '../../src-shared/settings/settings-schema';
import type { MicDevice, MicProblem } from './audio/mic-types';
import type { LevelStore } from './level-store';
import { useI18n, type Strings } from './i18n';
import { Bilingual } from './Bilingual';
import { LevelMeter } from './LevelMeter';

type MicToggle = 'keepWarm' | 'echoCancellation' | 'noiseSuppression' | 'autoGainControl';
type TextKey = { [K in keyof Strings]: Strings[K] extends string ? K : never }[keyof Strings];

const TOGGLES: ReadonlyArray<{ key: MicToggle; label: TextKey; hint: TextKey }> = [
  { key: 'keepWarm', label: 'keepWarm', hint: 'keepWarmHint' },
  { key: 'echoCancellation', label: 'echoCancellation', hint: 'echoCancellationHint' },
  { key: 'noiseSuppression', label: 'noiseSuppression', hint: 'noiseSuppressionHint' },
  { key: 'autoGainControl', label: 'autoGainControl', hint: 'autoGainControlHint' },
];

interface Props {
  mic: MicSettings;
  devices: readonly MicDevice[];
  level: LevelStore;
  problem: MicProblem | null;
  fellBack: boolean;
  /** Changing the device mid-dictation would cut it; the choice waits until it ends. */
  locked: boolean;
  onChooseDevice(deviceId: string): void;
  onToggle(key: MicToggle, value: boolean): void;
}

/** Which microphone, how loud it hears, what went wrong with it, and how it is processed. */
export const MicPanel = memo(function MicPanel({
  mic,
  devices,
  level,
  problem,
  fellBack,
  locked,
  onChooseDevice,
  onToggle,
}: Props) {
  const { t, fmt } = useI18n();
  const selectId = useId();
  const listed = devices.filter((device) => device.deviceId !== '' && device.deviceId !== 'default');
  // The saved microphone stays selectable while it is unplugged, so the choice is not silently lost.
  const savedMissing = mic.deviceId !== '' && !listed.some((device) => device.deviceId === mic.deviceId);
  return (
    <section className="card mic" aria-labelledby={`${selectId}-title`}>
      <h2 id={`${selectId}-title`} className="card-title">
        {t.microphone}
      </h2>
      <div className="mic-row">
        <label className="sr-only" htmlFor={selectId}>
          {t.microphone}
        </label>
        <select
          id={selectId}
          value={mic.deviceId}
          disabled={locked}
          onChange={(event) => onChooseDevice(event.target.value)}
        >
          <option value="">{t.systemDefault}</option>
          {savedMissing && <option value={mic.deviceId}>{mic.deviceLabel || t.unnamedMic('?')}</option>}
          {listed.map((device, position) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t.unnamedMic(fmt.number(position + 1))}
            </option>
          ))}
        </select>
        <LevelMeter store={level} />
      </div>
      {problem && (
        <div role="alert" className="notice notice-error">
          <Bilingual message={problem.message} />
        </div>
      )}
      {fellBack && (
        <p role="status" className="notice notice-info">
          {t.micFellBack}
        </p>
      )}
      <details className="mic-options">
        <summary>{t.micOptions}</summary>
        <ul>
          {TOGGLES.map(({ key, label, hint }) => (
            <li key={key}>
              <label>
                <input type="checkbox" checked={mic[key]} onChange={(event) => onToggle(key, event.target.checked)} />
                <span>
                  <span className="option-label">{t[label]}</span>
                  <span className="option-hint">{t[hint]}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
});
