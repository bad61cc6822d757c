// The HTML report opened from disk in Chromium with every request outside the file refused, and its
// PDF rendered to PNG pages. Skips with a message where no Chromium is installed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { describe, expect, test } from 'vitest';
import { formatMetric } from '../../../app/service/report/format.ts';
import { findChromium } from '../../../app/service/report/pdf-chromium.ts';
import { writeExport } from '../../../app/service/report/write-export.ts';
import { HOSTILE_NAME, trainedComparison } from './trained-lab.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CHROMIUM = findChromium();
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Kept after the run, so a person can look at the printed pages. */
const PAGES_DIR = path.join(ROOT, 'test-results', 'report-pdf-pages');

if (!CHROMIUM) console.warn('[report] SKIPPED: no Chromium found (set BNLAB_CHROMIUM or CHROMIUM_PATH); the HTML and PDF report tests need one');

describe.skipIf(!CHROMIUM)('report in Chromium', () => {
  test('should open offline from disk, draw every chart and show the stored numbers', async () => {
    // Arrange
    const { lab, runIds, dir } = await trainedComparison(6);
    const file = path.join(dir, 'report.html');
    await writeExport(lab, { runIds, format: 'html', out: file, appVersion: '9.9.9' });

    // Act
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await page.goto(pathToFileURL(file).href);
      const drawn = await page.evaluate('window.bnlabReportReady');

      // Assert: 2 curves + 3 gradient layers + 2 runs × 2 hidden layers of percentiles + 2 runs × boundaries at epochs 1, 3, 6.
      const expected = 2 + 3 + 4 + 6;
      expect(drawn).toBe(expected);
      expect(await page.locator('div.chart').count()).toBe(expected);
      const empty = await page.locator('div.chart').evaluateAll((divs) => divs.filter((d) => d.querySelector('.main-svg') === null).map((d) => d.id));
      expect(empty).toEqual([]);
      expect(await page.locator('#chart-loss .scatterlayer .trace').count()).toBe(4);
      expect(await page.locator('[id^="chart-boundary-"] .contourlayer').count()).toBe(6);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(problems).toEqual([]);
      expect(await overlappingTickLabels(page)).toEqual([]);

      for (const id of runIds) {
        const last = lab.epochs(id).at(-1)!;
        const cell = page.locator(`#final-metrics td[data-run="${id}"][data-metric="validationLoss"]`);
        expect(await cell.textContent()).toBe(formatMetric(last.validationLoss));
        expect(Number(await cell.getAttribute('data-value'))).toBe(last.validationLoss);
      }
      // The hostile run name is text everywhere: no element came of it, and its script did not run.
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.title()).toBe('BN Lab report: moons <BN> vs plain');
      expect(await page.locator('#final-metrics tbody tr').nth(1).locator('td').first().textContent()).toBe(`${HOSTILE_NAME} (run ${runIds[1]})`);
      expect(await page.locator('#chart-loss .legendtext').allTextContents()).toContain(`${HOSTILE_NAME} (validation)`);
    } finally {
      await browser.close();
    }
  });

  test('should keep a 2-run moons report under 2 MB and draw it from disk in Chromium', async () => {
    // Arrange
    const { lab, runIds, dir } = await trainedComparison(30);
    const file = path.join(dir, 'report.html');
    await writeExport(lab, { runIds, format: 'html', out: file, appVersion: '9.9.9' });
    const bytes = statSync(file).size;

    // Act
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const started = performance.now();
      await page.goto(pathToFileURL(file).href);
      const drawn = await page.evaluate('window.bnlabReportReady');
      const openMs = performance.now() - started;

      // Assert: the size is the promise; the time is printed, since two shared cores make timings noisy.
      expect(bytes).toBeLessThan(2_000_000);
      expect(drawn).toBe(await page.locator('div.chart').count());
      expect(await overlappingTickLabels(page)).toEqual([]);
      // Plotly widens a margin that cannot hold the legend or colour bar by laying the chart out again.
      const widened = await page.locator('div.chart').evaluateAll((divs) => divs.filter((d) => {
        const { margin, _size: size } = (d as unknown as { _fullLayout: { margin: Record<string, number>; _size: Record<string, number> } })._fullLayout;
        return ['l', 'r', 't', 'b'].some((side) => size[side] !== margin[side]);
      }).map((d) => d.id));
      expect(widened).toEqual([]);
      console.info(`[report] 2-run moons report: ${(bytes / 1e6).toFixed(2)} MB, ${drawn} charts drawn ${Math.round(openMs)} ms after opening`);
    } finally {
      await browser.close();
    }
  });

  test('should print a PDF whose pages render', async () => {
    const { lab, runIds, dir } = await trainedComparison(6);
    const file = path.join(dir, 'report.pdf');
    await writeExport(lab, { runIds, format: 'pdf', out: file, appVersion: '9.9.9' });

    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdftoppm = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' });
    if (pdftoppm.error) {
      console.warn('[report] pdftoppm not installed (apt-get install poppler-utils): the PDF was checked, its pages not rendered');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(4);
      return;
    }
    rmSync(PAGES_DIR, { recursive: true, force: true });
    mkdirSync(PAGES_DIR, { recursive: true });
    const rendered = spawnSync('pdftoppm', ['-r', '60', '-png', file, path.join(PAGES_DIR, 'page')], { encoding: 'utf8' });
    expect(rendered.stderr).toBe('');
    const pages = readdirSync(PAGES_DIR).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    // No blank page: an empty A4 page is about 1 kB as a 60 dpi PNG, one with a heading and a table several.
    expect(Math.min(...pages.map((p) => statSync(path.join(PAGES_DIR, p)).size))).toBeGreaterThan(3_000);
    console.info(`[report] PDF pages rendered to ${PAGES_DIR}`);
  });
});

type Box = { left: number; right: number; top: number; bottom: number };

/** Tick labels of one axis of one chart whose boxes overlap, as "chart: label × label". */
function overlappingTickLabels(page: Page): Promise<string[]> {
  return page.locator('div.chart').evaluateAll((charts) => charts.flatMap((chart) => ['xtick', 'ytick'].flatMap((axis) => {
    const labels = [...chart.querySelectorAll(`g.${axis} > text`)].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
    const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => overlap(a.box, b.box)).map((b) => `${chart.id}: ${a.text} × ${b.text}`));
  })));
}

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
}
