// The report page as text: what must hold even where no browser is at hand to open it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { exportRuns } from '../../../app/service/export.ts';
import { packText } from '../../../app/service/report/pack.ts';
import { compiledWithScript, loadPlotlySource, PACKAGE_FILE } from '../../../app/service/report/plotly-source.ts';
import { renderReportHtml } from '../../../app/service/report/render-html.ts';
import { trainedComparison } from './trained-lab.ts';

describe('renderReportHtml', () => {
  test('should run only its own script and Plotly, and keep a hostile run name out of the markup', async () => {
    // Arrange
    const { lab, runIds } = await trainedComparison(2);
    const plotly = 'window.Plotly = { newPlot: () => Promise.resolve() };';

    // Act
    const html = renderReportHtml(await exportRuns(lab, runIds, '1.2.3'), { plotly });

    // Assert: one script runs from the markup, named by hash; it runs Plotly's code from a blob: URL.
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    const hash = `'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`;
    expect(csp).toBe(`default-src 'none'; script-src ${hash} blob:; style-src 'unsafe-inline'; img-src data: blob:`);
    // The run name holds "</script>": only the two data blocks and the script end one.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<img');
    expect(html).toContain('plain &lt;img src=x onerror=&quot;document.title=1&quot;&gt;&lt;/script&gt; &amp; &quot;quoted&quot;');
    const figures = JSON.parse(unpack(html, 'report-figures')) as { data: { name?: string }[] }[];
    expect(figures[0]!.data.map((t) => t.name)).toContain('plain &lt;img src=x onerror="document.title=1"&gt;&lt;/script&gt; &amp; "quoted" (train)');
    expect(unpack(html, 'report-plotly')).toBe(plotly);
  });

  test('should gzip a data block only where that makes the file smaller', () => {
    const numbers = JSON.stringify(Array.from({ length: 2000 }, (_, i) => Math.sin(i)));
    expect(packText(numbers).encoding).toBe('gzip-base64');
    expect(packText(numbers).text.length).toBeLessThan(numbers.length);
    expect(gunzipSync(Buffer.from(packText(numbers).text, 'base64')).toString()).toBe(numbers);
    expect(packText('[1,2]')).toEqual({ encoding: 'text', text: '[1,2]' });
  });
});

/** A data block's text as the page's script reads it. */
function unpack(html: string, id: string): string {
  const [, encoding, body] = new RegExp(`<script type="text/plain" id="${id}" data-encoding="([^"]+)">([\\s\\S]*?)</script>`).exec(html)!;
  return encoding === 'gzip-base64' ? gunzipSync(Buffer.from(body!, 'base64')).toString() : body!;
}

describe('loadPlotlySource', () => {
  test('should read the cartesian bundle, with the trace types the report draws and no "</script" left in it', () => {
    const source = loadPlotlySource();
    expect(source.length).toBeGreaterThan(1_000_000);
    expect(source.length).toBeLessThan(2_000_000);
    for (const type of ['scatter', 'heatmap', 'contour']) expect(source).toContain(`moduleType:"trace",name:"${type}"`);
    expect(source).toContain('window.Plotly = Plotly');
    expect(/<\/script/i.test(source)).toBe(false);
  });

  test('should hand Plotly to the browser as one function compiled with the script, licence banner first', () => {
    const original = readFileSync(createRequire(import.meta.url).resolve(PACKAGE_FILE), 'utf8');
    const source = loadPlotlySource();

    expect(source.startsWith(`${original.slice(0, original.indexOf('*/') + 2)}\n(function () {`)).toBe(true);
    expect(source.endsWith('window.Plotly = Plotly;\nreturn Plotly;\n})();')).toBe(true);
    expect(() => new Script(source)).not.toThrow();
    expect(compiledWithScript('window.Plotly = {};')).toBe('window.Plotly = {};');
  });
});
