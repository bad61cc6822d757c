// bnlab: the lab without a window. Every command opens the same SQLite file the desktop app uses
// (or --db FILE / BNLAB_DB). Exit codes: 0 success; 1 a run did not finish, or the lab could not
// write a file or find Chromium (io_error); 2 bad input.
import path from 'node:path';
import { resolveDbPath } from '../store/db.ts';
import { LabRecords, type LabRecordsOptions } from '../service/lab-records.ts';
import { LabService, type LabEvent, type RunDetail } from '../service/lab-service.ts';
import { LabError, toLabError } from '../service/lab-error.ts';
import { importRuns } from '../service/import-runs.ts';
import { buildExport, EXPORT_FORMATS, writeExport, type ExportFormat, type ExportProgress } from '../service/report/write-export.ts';
import { readCommandLine, refuseUnknown, type CommandLine, type OptionName } from './command-line.ts';
import { EXPORT_EXTENSIONS, type TestMetrics } from '../contract/lab-api.ts';
import { testMetrics } from '../service/test-split.ts';
import { probeRun } from '../service/probes.ts';
import { parseBranchSettings } from './branch-settings.ts';
import { progressBar, ProgressBars } from './progress.ts';
import { APP_VERSION } from '../version.ts';
import { formatTimestamp } from '../contract/dates.ts';
import { STOPPING_SIGNALS } from '../stopping-signals.ts';
import { readJsonFile } from '../service/json-file.ts';
import { checkDbFile, recoverDbFile } from '../store/recover.ts';
import { TRAINING_DEFAULTS } from '../contract/defaults.ts';
import { fileSize } from '../contract/file-size.ts';

const USAGE = `bnlab ${APP_VERSION}: train and compare MLPs with and without batch norm

  bnlab run FILE                  train every run of an experiment file: a list of runs, or a
                                  base run with the factors to vary and repeats (see README)
  bnlab list [--json]             list runs
  bnlab show RUN [--json] [--test-epochs K,K,...]
                                  resolved spec and final metrics of a run; with dataset.test,
                                  the test split at the last checkpoint or at the epochs given
  bnlab resume RUN                continue an interrupted run from its last checkpoint
  bnlab continue RUN --more N     train a done run N more epochs, as the same run
  bnlab branch RUN --epoch K --set optimizer.lr=0.001 [--set ...] [--name NAME]
                                  train a new run from RUN's checkpoint at epoch K
  bnlab export RUN... [--format json|csv|html|pdf|pytorch] --out FILE|- [--boundary-epochs K,K,...]
                                  runs as data, or as a report that opens offline (pdf needs
                                  Chromium or Chrome); html/pdf draw 2-D decision boundaries at
                                  the final epoch and at --boundary-epochs (default 1 and the middle);
                                  pytorch writes a Python script that retrains one run with torch;
                                  the format defaults to FILE's extension (.py: pytorch), and - is
                                  standard output
  bnlab probe RUN... [--epochs K,K,...] [--step-sizes A,B,...] [--json]
                                  Santurkar et al.'s "why BN works" probes at each checkpoint: the
                                  loss and gradient change along the gradient (default step sizes
                                  0.25 to 4 times the learning rate); changes nothing
  bnlab import FILE               add the runs of a JSON export to the database
  bnlab gc [--every N]            after a dated copy, keep full state only at epoch 0, every N-th
                                  epoch (default ${TRAINING_DEFAULTS.checkpointEvery}), branch points and the latest, compressed
  bnlab vacuum                    give the file's free space back to the disk
  bnlab check                     SQLite's full integrity check of the database
  bnlab recover --out NEW         copy everything still readable of a damaged database into NEW

bnlab --help (or -h) shows this, bnlab --version the version.
Every command takes --db FILE (default: BNLAB_DB, else ${resolveDbPath({ env: {} })}).
run, resume, continue and branch take --workers N (training threads; default one per core).
Exit codes: 0 success; 1 a run did not finish, or a file could not be written (export checks --out
before any work) or Chromium is missing for pdf, or check found damage; 2 bad input; 130, 143 or
129 when Ctrl-C, SIGTERM or SIGHUP stopped training.`;

const EXIT_FAILED_RUN = 1;
const EXIT_BAD_INPUT = 2;

/** Where a command writes: the process's own streams, or a test's, which runs main in its process. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  let args: CommandLine;
  try {
    args = readCommandLine(argv);
  } catch (error) {
    return report(error, io);
  }
  if (args.values.version) {
    io.stdout.write(`bnlab ${APP_VERSION}\n`);
    return 0;
  }
  if (args.command === undefined || args.values.help || args.command === 'help') {
    // Asked for, the usage is output; given no command, it is the error message.
    const asked = args.command !== undefined || args.values.help;
    (asked ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return asked ? 0 : EXIT_BAD_INPUT;
  }
  const fileCommand = FILE_COMMANDS[args.command];
  if (fileCommand) {
    try {
      refuseUnknown(args, fileCommand.options);
      return fileCommand.run(resolveDbPath({ flag: args.values.db }), args, io);
    } catch (error) {
      return report(error, io);
    }
  }
  const command = COMMANDS[args.command];
  if (!command) return report(new LabError('invalid_spec', `unknown command "${args.command}" (commands: ${[...Object.keys(COMMANDS), ...Object.keys(FILE_COMMANDS)].join(', ')})`), io);
  let lab: LabRecords | undefined;
  try {
    refuseUnknown(args, command.options);
    const dbFile = resolveDbPath({ flag: args.values.db });
    if (command.writes) {
      const workers = args.values.workers;
      const service = new LabService({ dbFile, poolSize: workers === undefined ? undefined : positiveInteger(workers, '--workers') });
      lab = service;
      return await command.run(service, args, io);
    }
    lab = openRecords({ dbFile }, command, io);
    return await command.run(lab, args, io);
  } catch (error) {
    return report(error, io);
  } finally {
    await lab?.close();
  }
}

type Command =
  /** Commands that write (train, thin or vacuum the file) take over runs a closed process left behind. */
  | { options: OptionName[]; writes: true; run(lab: LabService, args: CommandLine, io: CliIo): Promise<number> | number }
  /**
   * The others read the file as it is: a run whose process is gone shows as interrupted, nothing is
   * written for it. Those that only read work on a file that cannot be written (damaged, or in a read-only place).
   */
  | { options: OptionName[]; writes?: never; onlyReads?: boolean; run(lab: LabRecords, args: CommandLine, io: CliIo): Promise<number> | number };

/**
 * The lab, or for a command that only reads, the file opened read-only when it cannot be opened to
 * write; stderr then says why and that nothing is written to it.
 */
function openRecords(options: LabRecordsOptions, command: Command, io: CliIo): LabRecords {
  try {
    return new LabRecords(options);
  } catch (error) {
    if (!('onlyReads' in command && command.onlyReads) || !(error instanceof LabError) || error.code !== 'io_error') throw error;
    const lab = new LabRecords({ ...options, readOnly: true });
    const why = lab.damage === null ? error.message : `${lab.dbFile} is damaged (${lab.damage})`;
    io.stderr.write(`bnlab: ${why}\nbnlab: read it without writing to it; \`bnlab recover --db ${lab.dbFile} --out NEW.db\` copies what is readable into a new file\n`);
    return lab;
  }
}

/** Commands for a file that may be damaged: they read it themselves and never open it as a lab. */
const FILE_COMMANDS: Record<string, { options: OptionName[]; run(dbFile: string, args: CommandLine, io: CliIo): number }> = {
  check: {
    options: ['db'],
    run(dbFile, _args, io) {
      const problems = checkDbFile(dbFile);
      if (problems.length === 0) {
        io.stdout.write(`${dbFile}: ok\n`);
        return 0;
      }
      for (const problem of problems) io.stderr.write(`bnlab: ${dbFile}: ${problem}\n`);
      io.stderr.write(`bnlab: ${dbFile} is damaged; \`bnlab recover --db ${dbFile} --out NEW.db\` copies what is still readable\n`);
      return EXIT_FAILED_RUN;
    },
  },
  recover: {
    options: ['db', 'out'],
    run(dbFile, args, io) {
      const out = args.values.out;
      if (!out) throw new LabError('invalid_spec', 'missing --out NEW: the new file to copy the readable part into');
      for (const t of recoverDbFile(dbFile, path.resolve(out))) {
        const lost = [t.unreadable && `${t.unreadable} unreadable`, t.refused && `${t.refused} refused (damaged values, or a parent that was lost)`].filter(Boolean).join(', ');
        io.stdout.write(`${t.table}: ${t.copied} copied${lost ? `; ${lost}` : ''}\n`);
      }
      io.stdout.write(`recovered into ${path.resolve(out)}; open it with --db, and keep ${dbFile} until you have looked\n`);
      return 0;
    },
  },
};

const COMMANDS: Record<string, Command> = {
  run: {
    writes: true,
    options: ['db', 'workers'],
    async run(lab, args, io) {
      const file = args.positionals[0];
      if (!file) throw new LabError('invalid_spec', 'missing FILE: bnlab run experiment.json');
      const { experimentId, runIds } = lab.createExperiment(readExperimentFile(file));
      const { name, design } = lab.getExperiment(experimentId);
      io.stdout.write(`experiment ${experimentId}: run ids ${runIds.join(', ')}\n`);
      // A design's runs share one bar: a sweep has too many runs for a line each.
      return train(lab, runIds, (id) => lab.start(id), io, design ? `${experimentId} ${name}` : undefined);
    },
  },
  resume: {
    writes: true,
    options: ['db', 'workers'],
    run(lab, args, io) {
      const runId = runIdArg(args.positionals[0]);
      return train(lab, [runId], (id) => lab.resume(id), io);
    },
  },
  continue: {
    writes: true,
    options: ['db', 'workers', 'more'],
    run(lab, args, io) {
      const runId = runIdArg(args.positionals[0]);
      const moreText = args.values.more;
      if (moreText === undefined) throw new LabError('invalid_spec', 'missing --more N: how many more epochs to train');
      const more = positiveInteger(moreText, '--more');
      return train(lab, [runId], (id) => lab.continueRun(id, more), io);
    },
  },
  branch: {
    writes: true,
    options: ['db', 'workers', 'epoch', 'set', 'name'],
    async run(lab, args, io) {
      const parent = runIdArg(args.positionals[0]);
      const epochText = args.values.epoch;
      if (epochText === undefined) throw new LabError('invalid_spec', 'missing --epoch K: the checkpoint epoch to branch from');
      const epoch = positiveInteger(epochText, '--epoch', 0);
      const runId = await lab.branch(parent, epoch, parseBranchSettings(args.values.set ?? []), args.values.name);
      io.stdout.write(`run ${runId}: branched from run ${parent} at epoch ${epoch}\n`);
      return train(lab, [runId], (id) => lab.start(id), io);
    },
  },
  list: {
    onlyReads: true,
    options: ['db', 'json'],
    run(lab, args, io) {
      const runs = lab.listRuns();
      if (args.values.json) {
        io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        return 0;
      }
      if (runs.length === 0) {
        io.stdout.write('no runs yet: bnlab run FILE trains an experiment\n');
        return 0;
      }
      const rows = runs.map((r) => [String(r.id), r.experimentName, r.name, r.status, `${r.epochsDone}/${r.epochsTotal}`, r.optKind, formatTimestamp(r.createdAt)]);
      io.stdout.write(table(['id', 'experiment', 'run', 'status', 'epochs', 'optimizer', 'created'], rows));
      return 0;
    },
  },
  show: {
    onlyReads: true,
    options: ['db', 'json', 'test-epochs'],
    async run(lab, args, io) {
      const runId = runIdArg(args.positionals[0]);
      const run = lab.getRun(runId);
      const last = lab.epochs(runId, { from: run.epochsDone }).at(-1) ?? null;
      const epochsText = args.values['test-epochs'];
      if (epochsText !== undefined && !run.spec.dataset.test) throw new LabError('invalid_spec', `--test-epochs: run ${runId} has no test split (dataset.test)`);
      const test = await testMetrics(lab, runId, epochsText?.split(',').map((k) => positiveInteger(k.trim(), '--test-epochs', 0)));
      if (args.values.json) {
        io.stdout.write(`${JSON.stringify({ ...run, finalMetrics: last, test }, null, 2)}\n`);
        return 0;
      }
      io.stdout.write(describeRun(run, last, test));
      return 0;
    },
  },
  probe: {
    options: ['db', 'json', 'epochs', 'step-sizes'],
    async run(lab, args, io) {
      const runIds = args.positionals.map((p) => runIdArg(p));
      if (runIds.length === 0) throw new LabError('invalid_spec', 'missing RUN: bnlab probe RUN... [--epochs K,K,...] [--step-sizes A,B,...]');
      const list = (name: 'epochs' | 'step-sizes', parse: (text: string) => number) => args.values[name]?.split(',').map((t) => parse(t.trim()));
      const epochs = list('epochs', (t) => positiveInteger(t, '--epochs', 0));
      const stepSizes = list('step-sizes', (t) => (t === '' ? NaN : Number(t)));
      const probed = [];
      for (const id of runIds) probed.push({ runId: id, name: lab.getRun(id).name, points: await probeRun(lab, id, { epochs, stepSizes }) });
      if (args.values.json) {
        io.stdout.write(`${JSON.stringify(probed, null, 2)}\n`);
        return 0;
      }
      const range = (values: number[]) => `${fmt(Math.min(...values))}..${fmt(Math.max(...values))}`;
      const rows = probed.flatMap(({ runId, name, points }) => points.map((p) => [`${runId} ${name}`, String(p.epoch), fmt(p.loss), range(p.lossAlong), range(p.gradientChange), fmt(p.betaSmoothness)]));
      io.stdout.write(table(['run', 'epoch', 'loss', 'loss along −ηg', '‖∇L(θ) − ∇L(θ−ηg)‖', 'β-smoothness'], rows));
      io.stdout.write(`step sizes η: ${probed.map((r) => `run ${r.runId} ${r.points[0]?.stepSizes.join(', ') ?? '-'}`).join('; ')} (Santurkar et al. 2018, Figure 4)\n`);
      return 0;
    },
  },
  export: {
    onlyReads: true,
    options: ['db', 'format', 'out', 'boundary-epochs'],
    async run(lab, args, io) {
      const runIds = args.positionals.map((p) => runIdArg(p));
      if (runIds.length === 0) throw new LabError('invalid_spec', `missing RUN: bnlab export RUN... --format ${EXPORT_FORMATS.join('|')} --out FILE`);
      const out = args.values.out;
      if (!out) throw new LabError('invalid_spec', '--out FILE is required (- for standard output)');
      // Without --format the file's extension says it; a report is never written as JSON by surprise.
      const extension = path.extname(out).slice(1).toLowerCase();
      const format = args.values.format ?? EXPORT_FORMATS.find((f) => EXPORT_EXTENSIONS[f] === extension);
      if (format === undefined) throw new LabError('invalid_spec', `--format ${EXPORT_FORMATS.join('|')} is required: the name ${out} does not say which`);
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new LabError('invalid_spec', `--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
      const epochsText = args.values['boundary-epochs'];
      if (epochsText !== undefined && format !== 'html' && format !== 'pdf') throw new LabError('invalid_spec', `--boundary-epochs is for html and pdf reports, not ${format}`);
      const boundaryEpochs = epochsText === undefined ? undefined : epochsText.split(',').map((k) => positiveInteger(k.trim(), '--boundary-epochs', 0));
      for (const id of runIds) lab.getRun(id); // an unknown run is bad input, reported before any work
      const request = { runIds, format: format as ExportFormat, appVersion: APP_VERSION, boundaryEpochs, onProgress: exportProgress(io.stderr) };
      const runs = `${runIds.length} run${runIds.length === 1 ? '' : 's'}`;
      if (out === '-') {
        const content = await buildExport(lab, request);
        // A reader that stops early (`| head`) is not an error of the export.
        io.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'EPIPE') process.exit(0);
        });
        await new Promise<void>((resolve, reject) => io.stdout.write(content, (error) => (error ? reject(error) : resolve())));
        io.stderr.write(`wrote ${runs} as ${format} to standard output\n`);
        return 0;
      }
      const { bytes } = await writeExport(lab, { ...request, out });
      io.stdout.write(`wrote ${out} (${runs}, ${format}, ${fileSize(bytes)})\n`);
      return 0;
    },
  },
  import: {
    options: ['db'],
    run(lab, args, io) {
      const file = args.positionals[0];
      if (!file) throw new LabError('invalid_spec', 'missing FILE: bnlab import export.json');
      const raw = readJsonFile(file, 'export file');
      let result;
      try {
        result = importRuns(lab.db, raw);
      } catch (error) {
        const labError = toLabError(error);
        throw new LabError(labError.code, `${file}: ${labError.message}`, labError.field);
      }
      for (const warning of result.warnings) io.stderr.write(`bnlab: warning: ${warning}\n`);
      const n = result.runIds.length;
      io.stdout.write(`imported ${n} run${n === 1 ? '' : 's'} into experiment${result.experimentIds.length === 1 ? '' : 's'} ${result.experimentIds.join(', ')}: run ids ${result.runIds.join(', ')}\n`);
      return 0;
    },
  },
  gc: {
    writes: true,
    options: ['db', 'every'],
    run(lab, args, io) {
      const every = positiveInteger(args.values.every ?? String(TRAINING_DEFAULTS.checkpointEvery), '--every');
      const r = lab.collectGarbage(every);
      io.stdout.write(`copy of the file before: ${r.backup}\n`);
      io.stdout.write(`${r.runs} runs: ${r.dropped} states dropped (trained again when asked for), ${r.compressed} compressed, ${r.compacted} epochs' metrics compacted\n`);
      if (r.busy.length > 0) io.stdout.write(`left as they are, training now: runs ${r.busy.join(', ')}\n`);
      io.stdout.write(`${lab.dbFile}: ${fileSize(r.before)} → ${fileSize(r.after)}\n`);
      return 0;
    },
  },
  vacuum: {
    writes: true,
    options: ['db'],
    run(lab, _args, io) {
      const { before, after } = lab.vacuum();
      io.stdout.write(`${lab.dbFile}: ${fileSize(before)} → ${fileSize(after)}\n`);
      return 0;
    },
  },
};

/**
 * Starts the runs, draws their progress, and waits. Ctrl-C, SIGTERM and SIGHUP stop them at their
 * last checkpoint (they become interrupted) and the command exits with that signal's code.
 */
async function train(lab: LabService, runIds: number[], begin: (id: number) => void, io: CliIo, experiment?: string): Promise<number> {
  const bars = new ProgressBars(io.stdout, experiment);
  const onEvent = (event: LabEvent) => bars.update(event);
  lab.events.on('event', onEvent);
  let stoppedBy: number | undefined;
  const stoppers = STOPPING_SIGNALS.map(({ signal, exitCode }) => {
    const stop = () => {
      if (stoppedBy !== undefined) return;
      stoppedBy = exitCode;
      io.stderr.write(`\n${signal}: stopping; each run keeps its last checkpoint, and \`bnlab resume RUN\` continues it\n`);
      for (const id of runIds) {
        try {
          lab.stop(id);
        } catch {
          // Already finished.
        }
      }
    };
    process.on(signal, stop);
    return () => process.off(signal, stop);
  });
  try {
    for (const id of runIds) {
      const run = lab.getRun(id);
      begin(id);
      bars.add(id, `${id} ${run.name}`, lab.getRun(id).epochsDone, run.epochsTotal);
    }
    const finished = await Promise.all(runIds.map((id) => lab.waitFor(id)));
    for (const run of finished) {
      const last = lab.epochs(run.id, { from: run.epochsDone }).at(-1);
      const metric = last ? `  validation loss ${fmt(last.validationLoss)} accuracy ${fmt(last.validationAccuracy)}` : '';
      io.stdout.write(`run ${run.id} ${run.status}${metric}\n`);
      // Why a run did not finish is an error, so it goes where errors go.
      if (run.error) io.stderr.write(`bnlab: run ${run.id}: ${run.error}\n`);
    }
    if (stoppedBy !== undefined) return stoppedBy;
    return finished.every((r) => r.status === 'done') ? 0 : EXIT_FAILED_RUN;
  } finally {
    for (const release of stoppers) release();
    lab.events.off('event', onEvent);
  }
}

/**
 * The experiment file, with the path of each CSV dataset made absolute from the file's folder: the
 * stored spec must find the data again wherever a later command (a report, a resume) is run from.
 */
function readExperimentFile(file: string): unknown {
  const experiment = readJsonFile(file, 'experiment file');
  const { runs, base } = (experiment ?? {}) as { runs?: unknown; base?: unknown };
  for (const run of [...(Array.isArray(runs) ? runs : []), base]) {
    const dataset = (run as { dataset?: unknown } | null)?.dataset as { kind?: unknown; path?: unknown } | undefined;
    if (dataset?.kind === 'csv' && typeof dataset.path === 'string' && dataset.path !== '') dataset.path = path.resolve(path.dirname(file), dataset.path);
  }
  return experiment;
}

/** Export progress on stderr: redrawn in place on a terminal, one line per finished stage in a log. */
function exportProgress(err: NodeJS.WriteStream): (p: ExportProgress) => void {
  return (p) => {
    if (p.stage === 'pdf') {
      err.write('rendering PDF in Chromium\n');
      return;
    }
    if (p.total < 2 && !err.isTTY) return;
    const label = p.stage === 'runs' ? 'exporting runs' : 'decision boundaries';
    const line = `${label.padEnd(20)} ${progressBar(p.done, p.total)} ${p.done}/${p.total}`;
    if (err.isTTY) err.write(`\r\x1b[2K${line}${p.done === p.total ? '\n' : ''}`);
    else if (p.done === p.total) err.write(`${line}\n`);
  };
}

function describeRun(run: RunDetail, last: { epoch: number; trainLoss: number; validationLoss: number | null; trainAccuracy: number | null; validationAccuracy: number | null } | null, test: TestMetrics[]): string {
  const { spec } = run;
  const layers = spec.network.layers.map((l) => `${l.units} ${l.activation}${l.batchNorm ? ' + BN' : ''}`).join(', ');
  const opt = Object.entries(spec.optimizer).filter(([k]) => k !== 'kind').map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `run ${run.id}: ${run.name} (experiment ${run.experimentId}: ${run.experimentName})`,
    `  status      ${run.status}, ${run.epochsDone}/${run.epochsTotal} epochs${run.parentRunId !== null ? `, branched from run ${run.parentRunId} at epoch ${run.branchEpoch}` : ''}`,
    ...(run.error ? [`  error       ${run.error}`] : []),
    `  dataset     ${JSON.stringify(spec.dataset)}`,
    `  network     ${spec.network.inputSize} inputs -> ${layers} -> ${spec.network.output.units} ${spec.network.output.loss}`,
    `  batch norm  eps ${spec.bn.eps}, momentum ${spec.bn.momentum}`,
    `  optimizer   ${spec.optimizer.kind}: ${opt}`,
    `  training    batch ${spec.training.batchSize}, seed ${spec.training.seed}, init ${spec.training.init}, ${spec.dtype}, checkpoint every ${spec.training.checkpointEvery}`,
  ];
  if (last) {
    lines.push(`  epoch ${last.epoch}    train loss ${fmt(last.trainLoss)} accuracy ${fmt(last.trainAccuracy)}; validation loss ${fmt(last.validationLoss)} accuracy ${fmt(last.validationAccuracy)}`);
  }
  // Apart from validation: the test rows never steered training or the choice of settings.
  for (const t of test) lines.push(`  test        epoch ${t.epoch}: loss ${fmt(t.loss)} accuracy ${fmt(t.accuracy)} on ${t.rows} held-out rows (BN in eval mode)`);
  return `${lines.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [render(header), ...rows.map(render)].join('\n') + '\n';
}

function fmt(value: number | null): string {
  return value === null ? '-' : value.toPrecision(4);
}

function runIdArg(text: string | undefined): number {
  if (text === undefined) throw new LabError('invalid_spec', 'missing RUN: give a run id (see `bnlab list`)');
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) throw new LabError('invalid_spec', `RUN must be a run id (a whole number >= 1), got "${text}"`);
  return id;
}

function positiveInteger(text: string, name: string, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new LabError('invalid_spec', `${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

/** One line on stderr per problem (an experiment file may have several). */
function report(error: unknown, io: CliIo): number {
  const labError = toLabError(error);
  for (const problem of labError.problems) io.stderr.write(`bnlab: ${problem.message}\n`);
  return labError.isBadInput ? EXIT_BAD_INPUT : EXIT_FAILED_RUN;
}
