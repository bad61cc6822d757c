// bnlab's command line, read by node:util parseArgs: the command, its positionals and options. An
// option a command does not take, a flag given a value or an option without one is refused in
// bnlab's words, naming the option.
import { parseArgs } from 'node:util';
import { LabError } from '../service/lab-error.ts';

const OPTIONS = {
  db: { type: 'string' },
  workers: { type: 'string' },
  epoch: { type: 'string' },
  every: { type: 'string' },
  set: { type: 'string', multiple: true },
  name: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'boundary-epochs': { type: 'string' },
  'test-epochs': { type: 'string' },
  epochs: { type: 'string' },
  more: { type: 'string' },
  'step-sizes': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export type OptionName = keyof typeof OPTIONS;

type OptionValue<O> = O extends { type: 'boolean' } ? boolean : O extends { multiple: true } ? string[] : string;

export interface CommandLine {
  command: string | undefined;
  positionals: string[];
  /** The last value of each option given (every value of --set). */
  values: { [K in OptionName]?: OptionValue<(typeof OPTIONS)[K]> };
  /** Each option given, as written (`--colour`, `-x`), by name. */
  given: Map<string, string>;
}

export function readCommandLine(argv: readonly string[]): CommandLine {
  // Not strict: an unknown option is kept, to be refused by the command with the options it does take.
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const given = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[token.name as OptionName].type : undefined;
    if (type === 'boolean' && token.value !== undefined) throw new LabError('invalid_spec', `${token.rawName} takes no value`);
    if (type === 'string' && token.value === undefined) throw new LabError('invalid_spec', `${token.rawName} needs a value`);
    given.set(token.name, token.rawName);
  }
  // Known options have their declared types now (the checks above refused the rest); each command refuses unknown ones.
  return { command: positionals[0], positionals: positionals.slice(1), values: values as CommandLine['values'], given };
}

export function refuseUnknown(line: CommandLine, known: readonly OptionName[]): void {
  for (const [name, written] of line.given) {
    if (!(known as readonly string[]).includes(name)) {
      throw new LabError('invalid_spec', `unknown option ${written} for "${line.command}" (known: ${known.map((k) => `--${k}`).join(', ') || 'none'})`);
    }
  }
}
