/** A message a person reads, in both of the app's languages (Persian first). */
export interface BilingualMessage {
  fa: string;
  en: string;
}
