import { memo } from 'react';
import type { Banner } from './dictation-state';
import { bilingual, useI18n } from './i18n';
import { Bilingual } from './Bilingual';

const BUDGET_HINT = bilingual((t) => t.budgetHint);

/** Cost warnings, budget stops and errors: one dismissable banner per cause. */
export const WarningBanners = memo(function WarningBanners({
  banners,
  onDismiss,
}: {
  banners: readonly Banner[];
  onDismiss(key: string): void;
}) {
  const { t } = useI18n();
  if (banners.length === 0) return null;
  return (
    <div className="banners">
      {banners.map((banner) => (
        <div key={banner.key} role="alert" className={`banner banner-${banner.tone}`}>
          <div className="banner-text">
            <Bilingual message={banner.message} />
            {banner.budget && (
              <div className="banner-hint">
                <Bilingual message={BUDGET_HINT} />
              </div>
            )}
          </div>
          <button
            type="button"
            className="dismiss"
            aria-label={t.dismiss}
            title={t.dismiss}
            onClick={() => onDismiss(banner.key)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </div>
  );
});
