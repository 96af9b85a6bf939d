import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { ChunkRef } from '../../src-shared/app-contract/commands';
import type { UsageSummaryView } from '../../src-shared/app-contract/views';
import type { BilingualMessage } from '../../src-shared/bilingual';
import { dictationReducer, initialDictationState } from './dictation-state';
import { historyStringsFor } from './history-strings';
import { HistoryView } from './HistoryView';
import { DictationView } from './DictationView';
import { bilingual, I18nContext, i18nFor, type UiLanguage } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { MicPanel } from './MicPanel';
import { PasteOffer } from './PasteOffer';
import { sokhanApi } from './sokhan-api';
import { panelStringsFor } from './panel-strings';
import { SettingsPanel } from './SettingsPanel';
import { Tabs } from './Tabs';
import { UsageCards } from './UsageCards';
import { UsageView } from './UsageView';
import { useDictation } from './use-dictation';
import { useSettings } from './use-settings';
import { WaitingAudioView } from './WaitingAudioView';
import { WarningBanners } from './WarningBanners';

const OUTSIDE_APP = bilingual((t) => t.outsideApp);
/** Remembers in this window's storage that the paste question was answered (the answer itself is a setting). */
const PASTE_OFFERED = 'sokhan.pasteOffered';
const TAB_IDS = ['dictation', 'usage', 'history', 'settings'] as const;
type TabId = (typeof TAB_IDS)[number];
const TAB_LABELS = { dictation: 'tabDictation', usage: 'tabUsage', settings: 'tabSettings' } as const;
const tabLabel = (id: TabId, lang: UiLanguage) =>
  id === 'history' ? historyStringsFor(lang).tab : panelStringsFor(lang)[TAB_LABELS[id]];
/** The dictation stays drawn behind the other tabs: its transcript and scroll place survive a look at the settings. */
const KEEP_MOUNTED: readonly TabId[] = ['dictation'];
/** Dictation languages written right to left (ISO-639-1). */
const RTL_LANGUAGES: ReadonlySet<string> = new Set(['fa', 'ar', 'ur', 'ps', 'he', 'yi', 'ku', 'sd', 'ug', 'dv']);

/** The dictation window: record, read the text as it arrives, see what it cost. */
export function App() {
  const api = useMemo(sokhanApi, []);
  const [state, dispatch] = useReducer(dictationReducer, initialDictationState);
  const notice = useCallback(
    (key: string, message: BilingualMessage) => dispatch({ type: 'notice', key, message }),
    [],
  );
  const { settings, update, adopt } = useSettings(api, notice);
  const [tab, setTab] = useState<TabId>('dictation');
  const onUsage = useCallback((summary: UsageSummaryView) => dispatch({ type: 'usageLoaded', summary }), []);
  const dictation = useDictation({ api, mic: settings.mic, updateSetting: update, onNotice: notice });
  const i18n = i18nFor(settings.uiLanguage);
  const panel = panelStringsFor(settings.uiLanguage);
  const [offerPaste, setOfferPaste] = useState(false);

  // Pasting into other apps exists only in the desktop app: ask there, once.
  useEffect(() => {
    if (!api || localStorage.getItem(PASTE_OFFERED) === '1') return;
    void api.appInfo().then((result) => setOfferPaste(result.ok && result.value.host === 'electron'));
  }, [api]);
  const onPasteAnswer = useCallback(
    (paste: boolean) => {
      localStorage.setItem(PASTE_OFFERED, '1');
      setOfferPaste(false);
      update('paste.auto', paste);
    },
    [update],
  );

  useEffect(() => {
    const root = document.documentElement;
    root.lang = i18n.lang;
    root.dir = i18n.dir;
    document.title = i18n.t.appName;
  }, [i18n]);

  // The tray (through the core) can turn the window to a tab or ask for today's reset; the confirmation stays the
  // window's.
  const [askReset, setAskReset] = useState(false);
  useEffect(() => {
    if (!api) return;
    return api.onEvent((event) => {
      if (event.type !== 'request') return;
      if (event.action === 'showUsage') setTab('usage');
      else if (event.action === 'showSettings') setTab('settings');
      else if (event.action === 'resetToday') {
        setTab('settings');
        setAskReset(true);
      }
    });
  }, [api]);

  const onAskedReset = useCallback(() => setAskReset(false), []);

  // Everything after the first load is pushed by the core: no polling.
  useEffect(() => {
    if (!api) return;
    const unsubscribe = api.onEvent((event) => dispatch({ type: 'event', event }));
    void api.usageSummary().then((result) => {
      if (result.ok) dispatch({ type: 'usageLoaded', summary: result.value });
      else dispatch({ type: 'notice', key: 'usage', message: result.message });
    });
    return unsubscribe;
  }, [api]);

  const onRetry = useCallback(
    (ref: ChunkRef) =>
      void api
        ?.retryChunk(ref)
        .then((result) => !result.ok && notice(`retry:${ref.sessionId}:${ref.index}`, result.message)),
    [api, notice],
  );
  const onSendAnyway = useCallback(
    (ref: ChunkRef) =>
      void api
        ?.sendAnyway(ref)
        .then((result) => !result.ok && notice(`send:${ref.sessionId}:${ref.index}`, result.message)),
    [api, notice],
  );
  const onClear = useCallback(() => dispatch({ type: 'clear' }), []);
  const onDismiss = useCallback((key: string) => dispatch({ type: 'dismiss', key }), []);
  const onCopyFailed = useCallback(
    () =>
      notice('copy', {
        fa: 'رونوشت نشد: برنامه اجازهٔ نوشتن در کلیپ‌بورد را ندارد.',
        en: 'Could not copy: the app may not write to the clipboard.',
      }),
    [notice],
  );
  const onLanguage = useCallback((lang: UiLanguage) => update('uiLanguage', lang), [update]);
  const onMicToggle = useCallback(
    (key: 'keepWarm' | 'echoCancellation' | 'noiseSuppression' | 'autoGainControl', value: boolean) =>
      update(`mic.${key}`, value),
    [update],
  );

  return (
    <I18nContext.Provider value={i18n}>
      <main className="app">
        <header className="app-header">
          <div>
            <h1>{i18n.t.appName}</h1>
            <p className="subtitle">{i18n.t.subtitle}</p>
          </div>
          <LanguageSwitch onChange={onLanguage} />
        </header>
        {!api && (
          <div role="alert" className="banner banner-error">
            <div className="banner-text">
              <p className="primary">{OUTSIDE_APP[i18n.lang]}</p>
            </div>
          </div>
        )}
        <WarningBanners banners={state.banners} onDismiss={onDismiss} />
        <WaitingAudioView api={api} onNotice={notice} />
        {offerPaste && <PasteOffer onAnswer={onPasteAnswer} />}
        <Tabs<TabId>
          label={panel.tabs}
          tabs={TAB_IDS.map((id) => ({ id, label: tabLabel(id, i18n.lang) }))}
          selected={tab}
          onSelect={setTab}
          keepMounted={KEEP_MOUNTED}
        >
          {(id) =>
            id === 'usage' ? (
              <UsageView api={api} usage={state.usage} calendar={settings.calendar} />
            ) : id === 'history' ? (
              <HistoryView api={api} usage={state.usage} calendar={settings.calendar} />
            ) : id === 'settings' ? (
              <SettingsPanel
                api={api}
                settings={settings}
                usage={state.usage}
                update={update}
                onSaved={adopt}
                onUsage={onUsage}
                askResetToday={askReset}
                onAskedResetToday={onAskedReset}
              />
            ) : (
              <>
                <DictationView
                  phase={dictation.phase}
                  heard={dictation.heard}
                  core={state.recording}
                  sessions={state.sessions}
                  stats={state.stats}
                  canRecord={api !== null}
                  spokenRtl={RTL_LANGUAGES.has(settings.language)}
                  onToggle={dictation.toggle}
                  onRetry={onRetry}
                  onSendAnyway={onSendAnyway}
                  onClear={onClear}
                  onCopyFailed={onCopyFailed}
                />
                <MicPanel
                  mic={settings.mic}
                  devices={dictation.devices}
                  level={dictation.level}
                  problem={dictation.micProblem}
                  fellBack={dictation.fellBack}
                  locked={dictation.phase !== 'idle'}
                  onChooseDevice={dictation.chooseMicrophone}
                  onToggle={onMicToggle}
                />
                {state.usage && <UsageCards summary={state.usage} />}
              </>
            )
          }
        </Tabs>
      </main>
    </I18nContext.Provider>
  );
}
