/** Who runs a model; 'custom' is any other OpenAI-compatible endpoint (local servers, relays). */
export type ProviderId = 'openai' | 'groq' | 'custom';

/**
 * How a model is priced. Duration prices are kept as integer micro-dollars per HOUR so every published price
 * ($0.006/min, $0.111/h, $0.04/h) is an exact integer and cost is one integer division.
 */
export type Billing =
  | { kind: 'duration'; microsPerHour: number; minimumBilledMs: number }
  | {
      kind: 'tokens';
      /** Micro-dollars per one million tokens. */
      microsPerMillion: { audioIn: number; textIn: number; textOut: number };
      /**
       * Per-minute estimate used when a reply carries no `usage` and for budget checks / what-if. These are
       * OpenAI's published per-minute equivalents (gpt-4o-transcribe $0.006/min, mini $0.003/min).
       */
      estimateMicrosPerHour: number;
    }
  | { kind: 'custom' };

export interface CatalogueEntry {
  id: string;
  provider: ProviderId;
  displayName: string;
  billing: Billing;
  /** ISO date (UTC) the provider has announced the model stops working. */
  shutdownOn?: string;
  /** Model to move to before the shutdown. */
  replacement?: string;
  /** Caveats about the price or the model, shown in the model picker. */
  notes: string[];
}

const OPENAI_SHUTDOWN = '2027-02-26';
const SHUTDOWN_REPLACEMENT = 'gpt-transcribe';
/** Groq bills at least 10 s for every request to its speech models. */
const GROQ_MINIMUM_MS = 10_000;

const GPT_4O_TRANSCRIBE_TOKENS: Billing = {
  kind: 'tokens',
  microsPerMillion: { audioIn: 6_000_000, textIn: 2_500_000, textOut: 10_000_000 },
  estimateMicrosPerHour: 360_000,
};

/** Every model the app knows a price for; anything else is billed as 'custom'. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  {
    id: 'whisper-1',
    provider: 'openai',
    displayName: 'OpenAI Whisper (whisper-1)',
    billing: { kind: 'duration', microsPerHour: 360_000, minimumBilledMs: 0 },
    shutdownOn: OPENAI_SHUTDOWN,
    replacement: SHUTDOWN_REPLACEMENT,
    notes: ['$0.006 per minute'],
  },
  {
    id: 'gpt-transcribe',
    provider: 'openai',
    displayName: 'OpenAI GPT Transcribe',
    billing: { kind: 'duration', microsPerHour: 270_000, minimumBilledMs: 0 },
    notes: ['$0.0045 per minute'],
  },
  {
    id: 'gpt-4o-transcribe',
    provider: 'openai',
    displayName: 'OpenAI GPT-4o Transcribe',
    billing: GPT_4O_TRANSCRIBE_TOKENS,
    shutdownOn: OPENAI_SHUTDOWN,
    replacement: SHUTDOWN_REPLACEMENT,
    notes: ['Billed by tokens; estimate without usage: $0.006 per minute'],
  },
  {
    id: 'gpt-4o-mini-transcribe',
    provider: 'openai',
    displayName: 'OpenAI GPT-4o mini Transcribe',
    billing: {
      kind: 'tokens',
      microsPerMillion: { audioIn: 3_000_000, textIn: 1_250_000, textOut: 5_000_000 },
      estimateMicrosPerHour: 180_000,
    },
    shutdownOn: OPENAI_SHUTDOWN,
    replacement: SHUTDOWN_REPLACEMENT,
    notes: [
      'Billed by tokens; estimate without usage: $0.003 per minute',
      'Audio-input price ($3.00 per 1M tokens) is from a secondary source, not OpenAI’s price page',
    ],
  },
  {
    id: 'gpt-4o-transcribe-diarize',
    provider: 'openai',
    displayName: 'OpenAI GPT-4o Transcribe (diarize)',
    billing: GPT_4O_TRANSCRIBE_TOKENS,
    shutdownOn: OPENAI_SHUTDOWN,
    replacement: SHUTDOWN_REPLACEMENT,
    notes: ['Priced the same as gpt-4o-transcribe (assumed; no separate price published)'],
  },
  {
    id: 'whisper-large-v3',
    provider: 'groq',
    displayName: 'Groq Whisper large-v3',
    billing: { kind: 'duration', microsPerHour: 111_000, minimumBilledMs: GROQ_MINIMUM_MS },
    notes: ['$0.111 per hour', 'At least 10 seconds billed per request'],
  },
  {
    id: 'whisper-large-v3-turbo',
    provider: 'groq',
    displayName: 'Groq Whisper large-v3 turbo',
    billing: { kind: 'duration', microsPerHour: 40_000, minimumBilledMs: GROQ_MINIMUM_MS },
    notes: ['$0.04 per hour', 'At least 10 seconds billed per request'],
  },
];

/** Ids of the models with a known price, in catalogue order. */
export const CATALOGUE_MODEL_IDS: readonly string[] = CATALOGUE.map((entry) => entry.id);

/** The entry for a model id, or a 'custom' entry for any id the catalogue does not know. */
export function catalogueEntry(modelId: string): CatalogueEntry {
  const known = CATALOGUE.find((entry) => entry.id === modelId);
  if (known) return known;
  return {
    id: modelId,
    provider: 'custom',
    displayName: modelId,
    billing: { kind: 'custom' },
    notes: ['Priced at the per-minute price you set (0 = free, e.g. a local server)'],
  };
}
