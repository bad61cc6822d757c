// Colours shared by the app and its reports, so that a run is the same colour on screen and on paper.
// Pure values, so the renderer can import them.

/** One per run, in run order. Orange is left out: in every chart it stands for z̃ after BN. */
export const RUN_COLORS = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22',
  '#393b79', '#ad494a', '#637939', '#7b4173', '#3182bd', '#843c39', '#8ca252', '#5254a3',
];

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length]!;
}

/** One per class of a dataset, in class-index order (digits has ten). */
export const CLASS_COLORS = ['#1f4e9c', '#b2182b', '#238b45', '#6a51a3', '#d94801', '#41ab5d', '#cb181d', '#2171b5', '#525252', '#cc9c00'];

/** A run colour (#rrggbb) as a see-through fill, for the band around a group's mean. */
export function translucent(hex: string, alpha = 0.2): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}
