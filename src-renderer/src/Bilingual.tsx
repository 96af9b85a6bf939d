import type { BilingualMessage } from '../../src-shared/bilingual';
import { useI18n } from './i18n';

/** A message in the window's language, with the other language below it, smaller. */
export function Bilingual({ message }: { message: BilingualMessage }) {
  const { lang } = useI18n();
  const other = lang === 'fa' ? 'en' : 'fa';
  return (
    <>
      <p className="primary">{message[lang]}</p>
      {message[other] !== '' && message[other] !== message[lang] && (
        <p className="secondary" lang={other} dir={other === 'fa' ? 'rtl' : 'ltr'}>
          {message[other]}
        </p>
      )}
    </>
  );
}
