/** The `usage` object a transcription reply may carry (OpenAI shapes; other providers send none). */
export type ApiUsage =
  | { type: 'duration'; seconds: number }
  | {
      type: 'tokens';
      input_tokens: number;
      output_tokens: number;
      total_tokens: number;
      input_token_details?: { audio_tokens?: number; text_tokens?: number };
    };
