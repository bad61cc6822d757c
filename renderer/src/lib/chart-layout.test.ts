import { describe, expect, test } from 'vitest';
import { keepMargins, themedLayout } from './chart-layout.ts';

const colors = { text: 'rgb(1, 2, 3)', grid: 'rgba(0, 0, 0, 0.1)' };

describe('chart layout', () => {
  test("should title the chart and its axes in the page's colours", () => {
    const layout = themedLayout({ traces: [], title: 'Loss per epoch', xTitle: 'epoch', yTitle: 'loss' }, colors);
    expect(layout).toMatchObject({
      title: { text: 'Loss per epoch' },
      font: { color: 'rgb(1, 2, 3)' },
      paper_bgcolor: 'rgba(0,0,0,0)',
      xaxis: { title: { text: 'epoch' }, gridcolor: 'rgba(0, 0, 0, 0.1)' },
      yaxis: { title: { text: 'loss' } },
    });
  });

  test("should merge a chart's own axis settings into the themed axes instead of replacing them", () => {
    const layout = themedLayout({ traces: [], title: 't', xTitle: 'epoch', layout: { xaxis: { range: [0, 5] }, barmode: 'group' } }, colors);
    expect(layout.xaxis).toMatchObject({ range: [0, 5], title: { text: 'epoch' }, gridcolor: 'rgba(0, 0, 0, 0.1)' });
    expect(layout.barmode).toBe('group');
  });

  test('should start a chart from the margins its last draw grew to, never narrower than its own', () => {
    const layout = themedLayout({ traces: [], title: 't' }, colors);
    expect(keepMargins(layout, undefined)).toBe(layout);
    const kept = keepMargins(layout, { l: 62, r: 10, t: 90, b: 40 });
    expect(kept.margin).toEqual({ l: 62, r: 20, t: 90, b: 40 });
    expect(layout.margin).toEqual({ l: 50, r: 20, t: 64, b: 40 });
  });
});
