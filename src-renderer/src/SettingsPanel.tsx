import { useEffect, useId, useState, type ReactNode } from 'react';
import type { SokhanApi } from '../../src-shared/app-contract/api';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { CATALOGUE, estimateMicrosPerMinute, shutdownNotice } from '../../src-shared/pricing/catalogue';
import type { SettingKey, Settings, SettingValue } from '../../src-shared/settings/settings-schema';
import { ApiKeyPanel } from './ApiKeyPanel';
import { Bilingual } from './Bilingual';
import { DeleteHistory } from './DeleteHistory';
import { ImportUsage } from './ImportUsage';
import { useI18n } from './i18n';
import { usePanelStrings, type PanelStrings } from './panel-strings';
import { ResetCounters } from './ResetCounters';
import './panels.css';

type Update = <K extends SettingKey>(key: K, value: SettingValue<K>) => void;

interface Props {
  api: SokhanApi | null;
  settings: Settings;
  usage: UsageSummaryView | null;
  update: Update;
  /** The settings the core answered with after a typed value was saved. */
  onSaved(settings: Settings): void;
  onUsage(summary: UsageSummaryView): void;
  /** The tray asked for today's reset confirmation; it opens once and `onAskedResetToday` clears the ask. */
  askResetToday?: boolean;
  onAskedResetToday?(): void;
}

/** A stored value as the person edits it: numbers as typed, "no budget" as an empty field. */
function asText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

interface TextFieldProps {
  api: SokhanApi | null;
  settingKey: SettingKey;
  label: string;
  hint?: string;
  stored: unknown;
  /** Numbers and addresses read left to right even in the Persian window. */
  ltr?: boolean;
  inputMode?: 'decimal' | 'numeric' | 'url' | 'text';
  onSaved(settings: Settings): void;
}

/**
 * A typed setting, saved when the person leaves the field or presses Enter. The core reads the text exactly as
 * `sokhan config set` does; a refusal is shown next to the field (aria-invalid, role="alert") and nothing changes.
 */
export function TextSetting({
  api,
  settingKey,
  label,
  hint,
  stored,
  ltr,
  inputMode = 'text',
  onSaved,
}: TextFieldProps) {
  const p = usePanelStrings();
  const id = useId();
  const [text, setText] = useState(asText(stored));
  const [error, setError] = useState<BilingualMessage | null>(null);
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);

  // A change from elsewhere (the CLI, another field) shows unless the person is typing here or fixing an error.
  useEffect(() => {
    if (!editing && !error) setText(asText(stored));
  }, [stored, editing, error]);

  const save = async () => {
    setEditing(false);
    if (!api) return;
    if (text === asText(stored) && !error) return;
    setNote(p.saving);
    const result = await api.setSettingText(settingKey, text);
    if (result.ok) {
      setError(null);
      setNote(p.saved);
      onSaved(result.value);
    } else {
      setNote('');
      setError(result.message);
    }
  };

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={text}
        dir={ltr ? 'ltr' : 'auto'}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(event) => {
          setEditing(true);
          setNote('');
          setText(event.target.value);
        }}
        onBlur={() => void save()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void save();
          }
        }}
      />
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error ? (
        <div id={errorId} role="alert" className="field-error">
          <Bilingual message={error} />
        </div>
      ) : (
        <p role="status" className="saved-note">
          {note}
        </p>
      )}
    </div>
  );
}

function CheckSetting({
  label,
  hint,
  checked,
  onChange,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange(value: boolean): void;
}) {
  return (
    <label className="check-field">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>
        <span className="option-label">{label}</span>
        {hint && <span className="option-hint">{hint}</span>}
      </span>
    </label>
  );
}

function ChoiceSetting<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange(value: V): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as V)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Group({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="card settings-group">
      <legend className="card-title">{title}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {children}
    </fieldset>
  );
}

const OTHER = '__other__';

/** A model's price per minute as a person reads it. */
function priceText(modelId: string, p: PanelStrings, money: (micros: number) => string): string {
  const entry = CATALOGUE.find((e) => e.id === modelId);
  if (!entry) return '';
  const perMinute = money(Math.round(estimateMicrosPerMinute(modelId)));
  const base = entry.billing.kind === 'tokens' ? p.estimated(perMinute) : p.perMinute(perMinute);
  return entry.billing.kind === 'duration' && entry.billing.minimumBilledMs > 0 ? `${base}; ${p.minimumBilled}` : base;
}

function ModelSetting({ api, settings, update, onSaved }: Pick<Props, 'api' | 'settings' | 'update' | 'onSaved'>) {
  const { lang, fmt } = useI18n();
  const p = usePanelStrings();
  const id = useId();
  const known = CATALOGUE.some((entry) => entry.id === settings.model);
  const [other, setOther] = useState(!known);
  const chosen = other ? OTHER : settings.model;
  const dates = new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const shutdown = (modelId: string) => {
    const notice = shutdownNotice(modelId, Date.now());
    return notice
      ? p.shutsDown(dates.format(Date.parse(`${notice.shutdownOn}T00:00:00Z`)), fmt.number(notice.daysLeft))
      : null;
  };
  const current = known ? shutdownNotice(settings.model, Date.now()) : null;
  // An option holds plain text (no <bdi>): a right-to-left mark ends the Latin model id so the Persian price and
  // date after it keep their order.
  const isolate = lang === 'fa' ? '\u200f' : '';
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{p.model}</label>
        <select
          id={id}
          value={chosen}
          aria-describedby={`${id}-about`}
          onChange={(event) => {
            if (event.target.value === OTHER) setOther(true);
            else {
              setOther(false);
              update('model', event.target.value);
            }
          }}
        >
          {CATALOGUE.map((entry) => {
            const ends = shutdown(entry.id);
            return (
              <option key={entry.id} value={entry.id}>
                {`${entry.id}${isolate} — ` +
                  `${priceText(entry.id, p, fmt.money)}${ends ? ` — ${p.shutdownColumn}: ${ends}` : ''}`}
              </option>
            );
          })}
          <option value={OTHER}>{p.otherModel}</option>
        </select>
        <p id={`${id}-about`} className="field-hint">
          {known ? priceText(settings.model, p, fmt.money) : ''}
          {current && ` · ${p.shutdownColumn}: ${shutdown(settings.model)}. ${p.shutsDownMove(current.replacement)}`}
        </p>
      </div>
      {other && (
        <TextSetting
          api={api}
          settingKey="model"
          label={p.otherModelName}
          stored={known ? '' : settings.model}
          ltr
          onSaved={onSaved}
        />
      )}
      <details className="models">
        <summary>{p.modelsTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{p.modelColumn}</th>
              <th scope="col">{p.priceColumn}</th>
              <th scope="col">{p.shutdownColumn}</th>
            </tr>
          </thead>
          <tbody>
            {CATALOGUE.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">
                  <bdi>{entry.id}</bdi>
                </th>
                <td>{priceText(entry.id, p, fmt.money)}</td>
                <td>{shutdown(entry.id) ?? p.noShutdown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** Everything `sokhan config` can change that a person needs in the window, plus resetting the usage counters. */
export function SettingsPanel({
  api,
  settings,
  usage,
  update,
  onSaved,
  onUsage,
  askResetToday = false,
  onAskedResetToday,
}: Props) {
  const p = usePanelStrings();
  const text = (settingKey: SettingKey, label: string, stored: unknown, hint?: string, ltr = true) => (
    <TextSetting
      api={api}
      settingKey={settingKey}
      label={label}
      hint={hint}
      stored={stored}
      ltr={ltr}
      onSaved={onSaved}
      inputMode="decimal"
    />
  );
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title" className="section-title">
        {p.settingsTitle}
      </h2>
      <Group title={p.budgets} hint={p.budgetsHint}>
        <div className="field-grid">
          {text('budget.monthlyUsd', p.monthlyBudget, settings.budget.monthlyUsd, p.noBudgetHint)}
          {text('budget.dailyUsd', p.dailyBudget, settings.budget.dailyUsd, p.noBudgetHint)}
          {text('budget.warnPercent', p.warnPercent, settings.budget.warnPercent, p.warnPercentHint)}
          {text('budget.sessionWarnUsd', p.sessionWarn, settings.budget.sessionWarnUsd, p.sessionWarnHint)}
        </div>
        <CheckSetting
          label={p.blockAtLimit}
          hint={p.blockAtLimitHint}
          checked={settings.budget.blockAtLimit}
          onChange={(value) => update('budget.blockAtLimit', value)}
        />
      </Group>
      <Group title={p.resetTitle}>
        <ResetCounters api={api} usage={usage} onUsage={onUsage} askToday={askResetToday} onAsked={onAskedResetToday} />
        <DeleteHistory api={api} onUsage={onUsage} />
      </Group>
      <Group title={p.importTitle}>
        <ImportUsage api={api} />
      </Group>
      <Group title={p.transcription}>
        <ApiKeyPanel api={api} />
        <ModelSetting api={api} settings={settings} update={update} onSaved={onSaved} />
        <div className="field-grid">
          {text('customPricePerMinuteUsd', p.customPrice, settings.customPricePerMinuteUsd, p.customPriceHint)}
          <TextSetting
            api={api}
            settingKey="baseUrl"
            label={p.baseUrl}
            hint={p.baseUrlHint}
            stored={settings.baseUrl}
            ltr
            inputMode="url"
            onSaved={onSaved}
          />
          <TextSetting
            api={api}
            settingKey="proxyUrl"
            label={p.proxyUrl}
            hint={p.proxyUrlHint}
            stored={settings.proxyUrl}
            ltr
            inputMode="url"
            onSaved={onSaved}
          />
          <TextSetting
            api={api}
            settingKey="language"
            label={p.language}
            hint={p.languageHint}
            stored={settings.language}
            ltr
            onSaved={onSaved}
          />
          <ChoiceSetting
            label={p.digits}
            value={settings.digits}
            options={[
              { value: 'keep', label: p.digitsKeep },
              { value: 'persian', label: p.digitsPersian },
              { value: 'latin', label: p.digitsLatin },
            ]}
            onChange={(value) => update('digits', value)}
          />
        </div>
        <CheckSetting
          label={p.persianEditor}
          hint={p.persianEditorHint}
          checked={settings.persianEditor}
          onChange={(value) => update('persianEditor', value)}
        />
      </Group>
      <Group title={p.windowAndCalendar}>
        <div className="field-grid">
          <ChoiceSetting
            label={p.uiLanguage}
            value={settings.uiLanguage}
            options={[
              { value: 'fa', label: 'فارسی' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(value) => update('uiLanguage', value)}
          />
          <ChoiceSetting
            label={p.weekStartsOn}
            value={settings.weekStartsOn}
            options={[
              { value: 'saturday', label: p.saturday },
              { value: 'sunday', label: p.sunday },
              { value: 'monday', label: p.monday },
            ]}
            onChange={(value) => update('weekStartsOn', value)}
          />
          <ChoiceSetting
            label={p.calendar}
            value={settings.calendar}
            options={[
              { value: 'persian', label: p.calendarPersian },
              { value: 'gregorian', label: p.calendarGregorian },
            ]}
            onChange={(value) => update('calendar', value)}
          />
        </div>
      </Group>
      <Group title={p.anywhere}>
        <div className="field-grid">
          <TextSetting
            api={api}
            settingKey="hotkey.toggle"
            label={p.hotkeyToggle}
            hint={p.hotkeyToggleHint}
            stored={settings.hotkey.toggle}
            ltr
            onSaved={onSaved}
          />
          <TextSetting
            api={api}
            settingKey="hotkey.pushToTalk"
            label={p.hotkeyPushToTalk}
            hint={p.hotkeyPushToTalkHint}
            stored={settings.hotkey.pushToTalk}
            ltr
            onSaved={onSaved}
          />
          <TextSetting
            api={api}
            settingKey="hotkey.pasteLast"
            label={p.hotkeyPasteLast}
            hint={p.hotkeyPasteLastHint}
            stored={settings.hotkey.pasteLast}
            ltr
            onSaved={onSaved}
          />
          <ChoiceSetting
            label={p.pasteShortcut}
            value={settings.paste.shortcut}
            options={[
              { value: 'auto', label: p.pasteShortcutAuto },
              { value: 'ctrl+v', label: 'Ctrl+V' },
              { value: 'ctrl+shift+v', label: 'Ctrl+Shift+V' },
            ]}
            onChange={(value) => update('paste.shortcut', value)}
          />
        </div>
        <CheckSetting
          label={p.pasteAuto}
          hint={p.pasteAutoHint}
          checked={settings.paste.auto}
          onChange={(value) => update('paste.auto', value)}
        />
        <CheckSetting
          label={p.pasteRestore}
          checked={settings.paste.restoreClipboard}
          onChange={(value) => update('paste.restoreClipboard', value)}
        />
        <CheckSetting
          label={p.overlayShow}
          checked={settings.overlay.show}
          onChange={(value) => update('overlay.show', value)}
        />
      </Group>
      <MicOptions settings={settings} update={update} />
    </section>
  );
}

function MicOptions({ settings, update }: Pick<Props, 'settings' | 'update'>) {
  const { t } = useI18n();
  const keys = ['keepWarm', 'echoCancellation', 'noiseSuppression', 'autoGainControl'] as const;
  const hints = {
    keepWarm: t.keepWarmHint,
    echoCancellation: t.echoCancellationHint,
    noiseSuppression: t.noiseSuppressionHint,
    autoGainControl: t.autoGainControlHint,
  };
  return (
    <Group title={t.micOptions}>
      {keys.map((key) => (
        <CheckSetting
          key={key}
          label={t[key]}
          hint={hints[key]}
          checked={settings.mic[key]}
          onChange={(value) => update(`mic.${key}`, value)}
        />
      ))}
    </Group>
  );
}
