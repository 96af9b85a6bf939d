import type { Logger } from '../../src-shared/log-line';

/** Enough distinct refusals to debug any real bug; a page sending endless junk cannot grow the set past it. */
const MAX_REMEMBERED = 200;

/**
 * Logs a command the core refused as malformed (an unknown name, a payload its schema rejects) once per kind and
 * command: a window stuck in a loop sending the same bad call fills one line, not the log. Only the command's name
 * (when it is one of ours, or a short token) and the refusal code are logged, never the payload.
 */
export function createRefusalLog(log: () => Logger | null): (code: string, command: unknown) => void {
  const seen = new Set<string>();
  return (code, command) => {
    const name = typeof command === 'string' && /^[\w.-]{1,60}$/.test(command) ? command : '<not a command name>';
    const key = `${code} ${name}`;
    const logger = log();
    if (!logger || seen.has(key) || seen.size >= MAX_REMEMBERED) return;
    seen.add(key);
    logger.log('warn', 'command.refused', { code, command: name });
  };
}
