// One self-contained HTML file for one or several runs: Plotly and every number inlined, no request
// to anything outside the file (the Content-Security-Policy forbids it; it names the page's one
// script by hash, and allows the blob: URL from which that script runs the unpacked Plotly).
import { createHash } from 'node:crypto';
import type { LossKind } from '../../../engine/spec.ts';
import { formatTimestamp } from '../../contract/dates.ts';
import { PERCENTILE_BANDS_NOTE } from '../../contract/notes.ts';
import type { LabExport, RunExport } from '../export.ts';
import type { RunBoundaries } from './boundaries.ts';
import { boundaryFigures } from './boundary-figures.ts';
import { escapeHtml, jsonForScript } from './escape.ts';
import type { Figure } from './figure.ts';
import { formatMetric } from './format.ts';
import { curveFigures, gradientFigures, percentileFigures } from './metric-figures.ts';
import { SWEEP_ACCURACY, sweepFigures } from './sweep-figures.ts';
import type { ExperimentDesign } from '../../contract/experiment-design.ts';
import { dataBlock } from './pack.ts';
import { REPORT_CSS, REPORT_SCRIPT } from './page.ts';
import { specTables, type ReportTable } from './spec-tables.ts';
import { comparisonSummary, groupSummary, type SummaryRun } from './summary.ts';
import { groupRuns, hasRepeats } from '../../contract/run-groups.ts';

export interface ReportOptions {
  /** The Plotly library's code (loadPlotlySource). */
  plotly: string;
  /** Decision boundaries of 2-D runs (runBoundaries); runs without any get no boundary charts. */
  boundaries?: readonly RunBoundaries[];
  /** Defaults to the experiments' names. */
  title?: string;
  /** The designs of the runs' experiments, by experiment id: each with a varied number gets its sweep picture. */
  designs?: ReadonlyMap<number, ExperimentDesign>;
}

export function reportFigures(data: LabExport, boundaries: readonly RunBoundaries[] = [], designs: ReadonlyMap<number, ExperimentDesign> = new Map()): Figure[] {
  return [...sweepFigures(data.runs, designs), ...curveFigures(data.runs), ...gradientFigures(data.runs), ...percentileFigures(data.runs), ...boundaryFigures(data.runs, boundaries)];
}

export function renderReportHtml(data: LabExport, options: ReportOptions): string {
  const figures = reportFigures(data, options.boundaries, options.designs);
  const title = options.title ?? ([...new Set(data.runs.map((r) => r.run.experimentName))].join(', ') || 'no runs');
  const csp = [
    "default-src 'none'",
    `script-src ${scriptHash(REPORT_SCRIPT)} blob:`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
  ].join('; ');
  const charts = (section: Figure['section'], small = false, columns?: number) => {
    const list = figures.filter((f) => f.section === section);
    const grid = columns ? ` style="grid-template-columns: repeat(${columns}, minmax(0, 1fr))"` : '';
    const rows = [...new Set(list.map((f) => f.row))].map((row) => list.filter((f) => f.row === row));
    return rows.map((row) => `<div class="charts${small ? ' small' : ''}"${grid}>${row.map((f) => `<div class="chart" id="${f.id}" role="img" aria-label="${escapeHtml(f.title)}"></div>`).join('')}</div>`).join('\n');
  };
  const hasBoundaries = figures.some((f) => f.section === 'boundaries');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="BN Lab ${escapeHtml(data.app.version)}">
<link rel="icon" href="data:,">
<title>BN Lab report: ${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
${dataBlock('report-plotly', options.plotly)}
<script>${REPORT_SCRIPT}</script>
</head>
<body>
<header>
<h1>BN Lab report: ${escapeHtml(title)}</h1>
<p class="meta">${data.runs.length} run${data.runs.length === 1 ? '' : 's'} · exported ${escapeHtml(formatTimestamp(data.exportedAt))} · BN Lab ${escapeHtml(data.app.version)}</p>
</header>
<section id="summary">
<h2>Summary</h2>
<ul>${summarySentences(data.runs).map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${finalMetricsTable(data.runs)}
</section>
${figures.some((f) => f.section === 'sweeps') ? `<section id="sweeps">
<h2>Sweeps</h2>
<p class="note">Each point is the mean over the seeds of one setting, with ±1 standard deviation as error bars. A cross marks a setting where some seeds diverged (left out of the mean) or never reached the accuracy of ${SWEEP_ACCURACY * 100} %.</p>
${charts('sweeps')}
</section>` : ''}
<section id="curves">
<h2>Loss and accuracy</h2>
${charts('curves')}
</section>
<section id="gradients">
<h2>Gradient norms per layer</h2>
<p class="note">The L2 norm of each parameter's gradient, averaged over the steps of an epoch. BN's scale γ and shift β are the batch-norm parameters, not an optimizer's β.</p>
${charts('gradients')}
</section>
<section id="percentiles">
<h2>Inputs to each hidden layer's activation</h2>
<p class="note">${escapeHtml(PERCENTILE_BANDS_NOTE)} z is the dense layer's output, a filled band; in a BN layer z̃ = γ·ẑ + β is what the activation receives, drawn with dashed and dotted lines (Ioffe &amp; Szegedy's Figure 1). Each row is one hidden layer on one y-scale, so the runs' spreads compare by eye.</p>
${charts('percentiles', true, Math.min(3, Math.max(2, data.runs.length)))}
</section>
${hasBoundaries ? `<section id="boundaries">
<h2>Decision boundaries</h2>
<p class="note">The trained network's answer over the input plane (standardized as in training), from the checkpoints of the epochs shown, with BN in eval mode (running statistics). Points are up to 300 of the dataset's rows.</p>
${charts('boundaries', true)}
</section>` : ''}
<section id="runs">
<h2>Runs</h2>
${data.runs.map(runSection).join('\n')}
</section>
<footer><p class="meta">Made with BN Lab ${escapeHtml(data.app.version)} on ${escapeHtml(formatTimestamp(data.exportedAt))}. Charts drawn with Plotly.js (MIT licence), embedded in this file.</p></footer>
${dataBlock('report-figures', jsonForScript(figures))}
</body>
</html>
`;
}

const METRICS = [
  ['trainLoss', 'training loss'],
  ['trainAccuracy', 'training accuracy'],
  ['validationLoss', 'validation loss'],
  ['validationAccuracy', 'validation accuracy'],
] as const;

/** The last epoch of each run; each number cell carries the exact stored value in data-value. */
function finalMetricsTable(runs: readonly RunExport[]): string {
  const head = ['run', 'status', 'epochs', ...METRICS.map(([, label]) => label)];
  const rows = runs.map(({ run, epochs }) => {
    const last = epochs.at(-1);
    const cells = METRICS.map(([key]) => {
      const value = last ? last[key] : null;
      return `<td class="num" data-run="${run.id}" data-metric="${key}" data-value="${value === null ? '' : String(value)}">${formatMetric(value)}</td>`;
    });
    return `<tr><td>${escapeHtml(run.name)} <small>(run ${run.id})</small></td><td>${escapeHtml(run.status)}</td><td class="num">${run.epochsDone}/${run.epochsTotal}</td>${cells.join('')}</tr>`;
  });
  return `<table id="final-metrics"><caption>Final metrics (last stored epoch)</caption><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function runSection({ run, spec, dataset }: RunExport): string {
  const lineage = run.parentRunId !== null ? ` Branched from run ${run.parentRunId} at epoch ${run.branchEpoch}.` : '';
  return `<article class="run" id="run-${run.id}">
<div class="run-head"><h3>${escapeHtml(run.name)} <small>run ${run.id} · experiment “${escapeHtml(run.experimentName)}”</small></h3>
<p>${escapeHtml(run.status)} after ${run.epochsDone} of ${run.epochsTotal} epochs.${lineage}</p>
${run.error ? `<p class="error">${escapeHtml(run.error)}</p>` : ''}</div>
<div class="tables">${specTables(spec, dataset).map(table).join('')}</div>
</article>`;
}

function table(t: ReportTable): string {
  const head = `<thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = t.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table><caption>${escapeHtml(t.caption)}</caption>${head}<tbody>${body}</tbody></table>`;
}

function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** Runs repeated over seeds are compared as groups; otherwise run by run. */
function summarySentences(runs: readonly RunExport[]): string[] {
  const groups = groupRuns(runs.map((r) => ({ ...r.run, export: r })));
  if (!hasRepeats(groups)) return comparisonSummary(runs.map(summaryRun));
  return groupSummary(groups.map((g) => ({ label: g.label, runs: g.runs.map((r) => summaryRun(r.export)) })));
}

/** A run as the summary compares it: only with runs on the same data under the same loss. */
function summaryRun({ run, spec, dataset, epochs }: RunExport): SummaryRun {
  const name = (dataset as { name?: unknown } | null)?.name;
  const data = typeof name === 'string' && name !== '' ? name : spec.dataset.kind;
  const loss = spec.network.output.loss;
  return {
    name: run.name,
    epochs,
    comparableAs: { key: JSON.stringify([spec.dataset, loss]), label: `On ${data} (${LOSS_NAMES[loss]})` },
    diverged: run.status === 'diverged' ? { epoch: run.epochsDone + 1 } : undefined,
  };
}

const LOSS_NAMES: Record<LossKind, string> = { softmax_ce: 'cross-entropy', sigmoid_bce: 'binary cross-entropy', mse: 'mean squared error' };
