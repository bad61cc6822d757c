// Santurkar et al.'s Figure 4 as traces: per run over training, the range over the step sizes of
// the loss along the gradient and of the gradient's change (a band from min to max), and the
// effective β-smoothness (a line).
import type { ProbePoint } from '../../../app/contract/lab-api.ts';
import { runColor, translucent, type RunRef, type Trace } from './series.ts';

export type ProbeQuantity = 'lossAlong' | 'gradientChange' | 'betaSmoothness';

export function probeTraces(runs: readonly RunRef[], probes: ReadonlyMap<number, readonly ProbePoint[]>, quantity: ProbeQuantity): Trace[] {
  return runs.flatMap((run, i): Trace[] => {
    const points = probes.get(run.id) ?? [];
    if (points.length === 0) return [];
    const color = run.color ?? runColor(i);
    const x = points.map((p) => p.epoch);
    const group = { legendgroup: String(run.id) };
    if (quantity === 'betaSmoothness') {
      return [{ type: 'scatter', mode: 'lines+markers', name: run.name, x, y: points.map((p) => p.betaSmoothness), line: { color, width: 2 }, ...group }] satisfies Trace[];
    }
    const values = points.map((p) => p[quantity]);
    return [
      { type: 'scatter', mode: 'lines', name: `${run.name} min`, x, y: values.map((v) => Math.min(...v)), line: { color, width: 1 }, showlegend: false, ...group },
      { type: 'scatter', mode: 'lines', name: `${run.name} (min–max over η)`, x, y: values.map((v) => Math.max(...v)), line: { color, width: 1 }, fill: 'tonexty', fillcolor: translucent(color), ...group },
    ] satisfies Trace[];
  });
}
