import { useI18n } from './i18n';

/**
 * The first-run question in the desktop app: paste each dictation where the person was typing, or only copy it.
 * Asked once (pasting into another app is a real power to grant), with what each system needs to allow it.
 */
export function PasteOffer({ onAnswer }: { onAnswer: (paste: boolean) => void }) {
  const { t } = useI18n();
  return (
    <section className="card paste-offer" aria-label={t.pasteOfferTitle}>
      <h2>{t.pasteOfferTitle}</h2>
      <p>{t.pasteOfferBody}</p>
      <div className="paste-offer-actions">
        <button type="button" className="primary-button" onClick={() => onAnswer(true)}>
          {t.pasteOfferYes}
        </button>
        <button type="button" onClick={() => onAnswer(false)}>
          {t.pasteOfferNo}
        </button>
      </div>
    </section>
  );
}
