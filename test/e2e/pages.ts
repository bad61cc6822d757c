// Page objects for the lab's views. They find everything by role and accessible name, as a
// person using a screen reader would, never by CSS class.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const SHOTS = 'test-results/screenshots';

export type ViewName = 'Lessons' | 'Design' | 'Compare' | 'Replay' | 'Library' | 'Conventions';

/** The lab's window: opening it, its tabs, and a record of errors the page logs. */
export class Lab {
  readonly problems: string[] = [];

  /** `url` is the printed launch link, or the lab's address for a page that already has its cookie (test/e2e/fixtures.ts). */
  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.problems.push(m.text());
    });
    page.on('pageerror', (e) => this.problems.push(e.message));
  }

  /** Opens the lab on its start page (Lessons) and goes to `view`, Design unless told. */
  async open(view: ViewName = 'Design'): Promise<void> {
    await this.page.goto(this.url);
    await expect(this.tab('Lessons')).toHaveAttribute('aria-selected', 'true');
    if (view !== 'Lessons') await this.show(view);
  }

  tab(name: ViewName): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  async show(name: ViewName): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  /**
   * Waits until every chart in the window has drawn: charts draw a few per frame, and only once
   * scrolled near, so a screenshot taken at once after a scroll could catch one still empty.
   */
  async chartsInViewDrawn(): Promise<void> {
    // Polled by evaluate: waitForFunction evaluates a string the page's CSP refuses (no unsafe-eval).
    await expect.poll(() => this.page.evaluate<boolean>(CHARTS_IN_VIEW_DRAWN)).toBe(true);
  }

  /** A full-page screenshot from the top (the sticky header stays where it belongs), each chart scrolled past first so that it is drawn. */
  async shot(name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    const height = this.page.viewportSize()?.height ?? 800;
    const pageHeight = await this.page.evaluate<number>('document.documentElement.scrollHeight');
    for (let top = 0; top < pageHeight; top += height) {
      await this.page.evaluate(`window.scrollTo(0, ${top})`);
      await this.chartsInViewDrawn();
    }
    await this.page.evaluate('window.scrollTo(0, 0)');
    await this.page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Screenshots of the window as a person sees it, from the top down, one per window height. */
  async screens(name: string, count: number): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    const height = this.page.viewportSize()?.height ?? 800;
    for (let i = 0; i < count; i++) {
      await this.page.evaluate(`window.scrollTo(0, ${i * height})`);
      await this.chartsInViewDrawn();
      await this.page.screenshot({ path: path.join(SHOTS, `${name}-${i + 1}.png`) });
    }
  }

  /** Presses Tab until `target` has the focus: proof that the keyboard reaches it. */
  async tabTo(target: Locator, maxPresses = 60): Promise<void> {
    for (let i = 0; i < maxPresses; i++) {
      if (await target.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`the keyboard did not reach ${target} in ${maxPresses} presses of Tab`);
  }
}

/** In the page: every named picture in the window is, or holds, what was drawn (an svg, or an img). */
const CHARTS_IN_VIEW_DRAWN = `[...document.querySelectorAll('[role=img][aria-label]')]
  .filter((el) => { const box = el.getBoundingClientRect(); return box.height > 0 && box.bottom > 0 && box.top < innerHeight; })
  .every((el) => el.matches('svg') || el.querySelector('svg, img'))`;

/** Controls in the accessibility tree that have no name (a screen reader would say just "button"). */
export async function unnamedControls(scope: Locator): Promise<string[]> {
  const tree = await scope.ariaSnapshot();
  return tree.split('\n').filter((line) => /^\s*- (button|textbox|combobox|checkbox|radio|slider|spinbutton|searchbox|tab|progressbar)(?: \[[^\]]*\])?(?::|$)/.test(line));
}

/** What Plotly drew in a chart (role img, named by its title): traces by name, and the layout. */
/** What a chart shows: points per named trace (Plotly's data on the element it drew into), and the picture under its plot area. */
export async function chartData(chart: Locator): Promise<{ traces: Record<string, number>; image: string | null }> {
  return chart.evaluate((el) => {
    type Plotted = { data?: { name?: string; x: unknown[] }[] };
    const drawn = [el, ...Array.from(el.querySelectorAll('div'))].find((node) => (node as unknown as Plotted).data) as unknown as Plotted | undefined;
    const traces: Record<string, number> = {};
    for (const t of drawn?.data ?? []) traces[t.name ?? ''] = t.x.length;
    return { traces, image: el.querySelector('img')?.getAttribute('src') ?? null };
  });
}

export class DesignerPage {
  constructor(private readonly page: Page) {}

  run(name: string): Locator {
    return this.page.getByRole('group', { name: 'Runs of this experiment' }).getByRole('button', { name, exact: true });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  trainButton(): Locator {
    return this.page.getByRole('button', { name: /^Train \d+ runs?$/ });
  }

  parameters(): Locator {
    return this.page.getByRole('table', { name: 'Parameters' });
  }

  async setForRun(run: string, values: Record<string, string>): Promise<void> {
    await this.run(run).click();
    await expect(this.run(run)).toHaveAttribute('aria-pressed', 'true');
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value);
  }

  async readyToTrain(): Promise<void> {
    await expect(this.page.getByRole('status').filter({ hasText: 'ready to train' })).toBeVisible();
    await expect(this.trainButton()).toBeEnabled();
  }
}

export class ComparePage {
  constructor(private readonly page: Page) {}

  progress(run: string): Locator {
    return this.page.getByRole('progressbar', { name: `Progress of ${run}` });
  }

  chart(title: string | RegExp): Locator {
    return this.page.getByRole('img', { name: title });
  }

  /** The run's row in the progress table. */
  row(run: string): Locator {
    return this.page.getByRole('table', { name: 'Training progress' }).getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: run, exact: true }) });
  }
}

export class ReplayPage {
  constructor(private readonly page: Page) {}

  slider(): Locator {
    return this.page.getByRole('slider', { name: 'Epoch' });
  }

  boundary(run: string): Locator {
    return this.page.getByRole('region', { name: run, exact: true }).getByRole('img', { name: /^Decision boundary/ });
  }

  async showEpoch(epoch: number, runs: string[], mode: 'eval' | 'train' = 'eval'): Promise<void> {
    await this.slider().fill(String(epoch));
    for (const run of runs) await expect(this.boundary(run)).toHaveAccessibleName(`Decision boundary (${mode} mode), epoch ${epoch}`);
  }
}

export class LibraryPage {
  constructor(private readonly page: Page) {}

  experiment(name: string): Locator {
    return this.page.getByRole('region', { name: `Experiment ${name}`, exact: true });
  }

  runs(experiment: string): Locator {
    return this.page.getByRole('table', { name: `Runs of ${experiment}`, exact: true });
  }
}
