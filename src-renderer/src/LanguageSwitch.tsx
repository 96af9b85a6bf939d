import { useI18n, type UiLanguage } from './i18n';

/** Switches the window between Persian and English (saved as the uiLanguage setting). */
export function LanguageSwitch({ onChange }: { onChange(lang: UiLanguage): void }) {
  const { lang, t } = useI18n();
  const other: UiLanguage = lang === 'fa' ? 'en' : 'fa';
  return (
    <button
      type="button"
      className="language-switch"
      lang={other}
      title={t.otherLanguageHint}
      onClick={() => onChange(other)}
    >
      {t.otherLanguage}
    </button>
  );
}
