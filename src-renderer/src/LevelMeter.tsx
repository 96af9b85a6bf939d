import { useSyncExternalStore } from 'react';
import type { LevelStore } from './level-store';
import { useI18n } from './i18n';

/** The quietest level the bar shows; below it the bar is empty. */
const FLOOR_DBFS = -60;

/** The microphone's live level in dBFS, as a bar; reads the level store so only it re-renders. */
export function LevelMeter({ store }: { store: LevelStore }) {
  const { t, fmt } = useI18n();
  const level = useSyncExternalStore(store.subscribe, store.get);
  const open = level !== null;
  const value = open ? Math.round(Math.max(FLOOR_DBFS, Math.min(0, level))) : FLOOR_DBFS;
  const fill = ((value - FLOOR_DBFS) / -FLOOR_DBFS) * 100;
  return (
    <div className="level">
      {/* biome-ignore lint/a11y/useSemanticElements: <meter> cannot be styled as a live bar everywhere */}
      <div
        className={`level-bar${open ? '' : ' is-closed'}`}
        role="meter"
        aria-label={t.level}
        aria-valuemin={FLOOR_DBFS}
        aria-valuemax={0}
        aria-valuenow={value}
        aria-valuetext={open ? `${fmt.number(value)} dBFS` : t.micClosed}
      >
        <div className="level-fill" style={{ inlineSize: `${fill}%` }} />
      </div>
      {!open && <span className="level-text">{t.micClosed}</span>}
    </div>
  );
}
