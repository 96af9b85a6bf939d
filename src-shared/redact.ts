/** What stands in for a secret in any text a person, a log or a file may see. */
export const REDACTED = '[redacted]';

/** API-key shapes worth hiding even when the exact key is unknown (a proxy echoing another key, a pasted one). */
const KEY_PATTERNS = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi];

/**
 * Removes secrets from text before it is shown, stored or printed: the exact keys given (a server or proxy may echo
 * the key back in an error body) and anything shaped like an OpenAI key or a bearer token.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  out = out.replace(KEY_PATTERNS[0], REDACTED);
  out = out.replace(KEY_PATTERNS[1], `$1${REDACTED}`);
  return out;
}
