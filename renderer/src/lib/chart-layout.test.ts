import { describe, expect, test } from 'vitest';
import { themedLayout } from './chart-layout.ts';

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
});
