// The report page as text: what must hold even where no browser is at hand to open it.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { exportRuns } from '../../../app/service/export.ts';
import { loadPlotlySource } from '../../../app/service/report/plotly-source.ts';
import { renderReportHtml } from '../../../app/service/report/render-html.ts';
import { trainedComparison } from './trained-lab.ts';

describe('renderReportHtml', () => {
  test('should allow exactly its own two scripts and keep a hostile run name out of the markup', async () => {
    // Arrange
    const { lab, runIds } = await trainedComparison(2);
    const plotly = 'window.Plotly = { newPlot: () => Promise.resolve() };';

    // Act
    const html = renderReportHtml(exportRuns(lab, runIds, '1.2.3'), { plotly });

    // Assert
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    expect(csp).toBe(`default-src 'none'; script-src ${hashes.join(' ')}; style-src 'unsafe-inline'; img-src data: blob:`);
    // The run name holds "</script>": only the JSON block and the two scripts end one.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<img');
    expect(html).toContain('plain &lt;img src=x onerror=&quot;document.title=1&quot;&gt;&lt;/script&gt; &amp; &quot;quoted&quot;');
    const figures = JSON.parse(/<script type="application\/json" id="report-figures">([\s\S]*?)<\/script>/.exec(html)![1]!) as { data: { name?: string }[] }[];
    expect(figures[0]!.data.map((t) => t.name)).toContain('plain &lt;img src=x onerror="document.title=1"&gt;&lt;/script&gt; &amp; "quoted" (train)');
  });
});

describe('loadPlotlySource', () => {
  test('should read the installed library with no "</script" left in it', () => {
    const source = loadPlotlySource();
    expect(source.length).toBeGreaterThan(1_000_000);
    expect(source).toContain('window.Plotly = Plotly');
    expect(/<\/script/i.test(source)).toBe(false);
  });
});
