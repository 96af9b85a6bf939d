/** Parsed command-line words: positionals in order, `--flag value` and bare `--flag` (true). */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Splits words into positionals and flags. `booleanFlags` never take a value, so `--json FILE` keeps FILE
 * positional; `--flag=value` also works.
 */
export function parseArgs(words: string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith('--') || word === '-') {
      positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
    if (eq !== -1) flags.set(name, word.slice(eq + 1));
    else if (booleanFlags.has(name) || i + 1 >= words.length || words[i + 1].startsWith('--')) flags.set(name, true);
    else flags.set(name, words[++i]);
  }
  return { positionals, flags };
}

/** A flag's string value, or undefined when absent; a bare flag that needs a value is an error. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** Thrown for words the command does not understand; the CLI prints usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
