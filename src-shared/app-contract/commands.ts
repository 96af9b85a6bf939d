import { z } from 'zod';
import { REQUEST_ACTIONS } from './events';
import { SPOOL_COMMAND_SCHEMAS } from './waiting-audio';

/** Which chunk a command is about: chunk numbers are unique only within their dictation. */
export const chunkRefSchema = z
  .object({ sessionId: z.string().min(1).max(200), index: z.number().int().min(0) })
  .strict();
export type ChunkRef = z.infer<typeof chunkRefSchema>;

const none = z.object({}).strict();

/**
 * Every command the window (or tray, overlay, hotkey) can give the app core, with the schema its payload must pass.
 * The core validates each payload here before acting, so a malformed call from any host gets an error value.
 */
export const COMMAND_SCHEMAS = {
  /** Opens a dictation; audio frames follow on the host's audio path. */
  'dictation.start': none,
  /** The person stopped: the last words are cut and sent; text keeps arriving as events. */
  'dictation.stop': none,
  /** Stops without sending what is not sent yet (it stays in the spool). */
  'dictation.cancel': none,
  /** Sends a chunk a budget blocked, because the person said so. */
  'dictation.sendAnyway': chunkRefSchema,
  /** Sends a failed chunk again. */
  'dictation.retry': chunkRefSchema,
  /** Asks the window (microphone flow) or the host (copy, show) to act: hotkey, tray, overlay, `--toggle`. */
  'app.request': z.object({ action: z.enum(REQUEST_ACTIONS) }).strict(),
  /** The text of the last dictation the person stopped, or null. */
  'transcript.last': none,
  /** The usage counters now. */
  'usage.summary': none,
  /** Counters, budget standings, month-end forecast and the previous periods, as the usage view draws them. */
  'usage.snapshot': none,
  /** Zeroes one counter from now on (the ledger and the history keep everything); answers with the counters after. */
  'usage.reset': z.object({ period: z.enum(['day', 'week', 'month', 'all']) }).strict(),
  /** Minutes and cost per local day for the last `days` days (today included), and per model over those days. */
  'usage.daily': z.object({ days: z.number().int().min(1).max(400) }).strict(),
  /** Past dictations, newest first, one page at a time. */
  'usage.sessions': z
    .object({ page: z.number().int().min(0).max(100_000), pageSize: z.number().int().min(1).max(200) })
    .strict(),
  /** The usage ledger as the CLI's `usage export` writes it, for the window to save or download. */
  'usage.export': z
    .object({
      format: z.enum(['csv', 'json']),
      from: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      to: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .strict(),
  /**
   * Adds usage from a file the person picked: `export` = a CSV or JSON file made by "usage export" (lines already in
   * the ledger are skipped), `legacy` = the old Python app's usage_data.json. `lastModified` dates a total-only file.
   */
  'usage.import': z
    .object({
      kind: z.enum(['export', 'legacy']),
      text: z.string().max(50_000_000),
      lastModified: z.number().int().min(0),
    })
    .strict(),
  /** Deletes the whole usage history (ledger and counters); `confirm` says the person confirmed it in so many words. */
  'usage.deleteHistory': z.object({ confirm: z.literal(true) }).strict(),
  /** Version, data folder, host kind. */
  'app.info': none,
  /** Whether an API key is set, and only its last four characters (the key itself never reaches the window). */
  'apiKey.status': none,
  /**
   * Tries the key with a free request (the model list): accepted, bad key, region blocked, no credit, no connection.
   */
  'apiKey.test': none,
  /** Keeps the key the person typed: `remember` = encrypted on disk (desktop app), else in memory for this run only. */
  'apiKey.set': z.object({ key: z.string().trim().min(1).max(500), remember: z.boolean() }).strict(),
  /** Forgets the key entered in the window (on disk and in memory); a key in OPENAI_API_KEY applies again. */
  'apiKey.clear': none,
  /** Past transcripts, newest first, one page at a time; `query` matches any spelling variant (Persian-aware). */
  'history.list': z
    .object({
      query: z.string().max(500),
      page: z.number().int().min(0).max(100_000),
      pageSize: z.number().int().min(1).max(100),
    })
    .strict(),
  /** Deletes one dictation's transcript; its cost stays in the usage ledger. */
  'history.delete': z
    .object({
      sessionId: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[A-Za-z0-9_-]+$/),
    })
    .strict(),
  /** The settings as stored (they hold no secrets). */
  'settings.get': none,
  /** Changes one setting by its dotted key, validated as `sokhan config set` validates it. */
  'settings.set': z.object({ key: z.string().min(1).max(100), value: z.unknown() }).strict(),
  /** Changes one setting from the text a person typed, read exactly as `sokhan config set KEY TEXT` reads it. */
  'settings.setText': z.object({ key: z.string().min(1).max(100), text: z.string().max(2000) }).strict(),
  ...SPOOL_COMMAND_SCHEMAS,
} as const;

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandPayload<K extends CommandName> = z.infer<(typeof COMMAND_SCHEMAS)[K]>;

export const COMMAND_NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];

/** True when `name` is a command the core knows. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMAND_SCHEMAS, name);
}
