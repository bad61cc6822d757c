// A small argv parser: positionals, `--flag value`, `--flag=value`, repeatable `--set`, boolean flags.
import { LabError } from '../service/lab-error.ts';

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (booleanFlags.includes(name)) {
      if (eq >= 0) throw new LabError('invalid_spec', `--${name} takes no value`);
      flags.add(name);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new LabError('invalid_spec', `--${name} needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { command: positionals.shift(), positionals, options, flags };
}

/** The last value of an option, or undefined. */
export function option(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.at(-1);
}

export function runIdArg(text: string | undefined, what = 'RUN'): number {
  if (text === undefined) throw new LabError('invalid_spec', `missing ${what}: give a run id (see \`bnlab list\`)`);
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) throw new LabError('invalid_spec', `${what} must be a run id (a whole number >= 1), got "${text}"`);
  return id;
}

export function refuseUnknown(args: ParsedArgs, known: readonly string[]): void {
  for (const name of [...args.options.keys(), ...args.flags]) {
    if (!known.includes(name)) throw new LabError('invalid_spec', `unknown option --${name} for "${args.command}" (known: ${known.map((k) => `--${k}`).join(', ') || 'none'})`);
  }
}
