// Explanations that the app and the report both print under a chart, written once.
import { PERCENTILE_ROWS } from '../../engine/metrics.ts';

/** What the percentile bands are drawn from (Ioffe & Szegedy's Figure 1). */
export const PERCENTILE_BANDS_NOTE =
  `The line is the median, the band spans the 15th to 85th percentile over every unit of the layer and ${PERCENTILE_ROWS} validation rows ` +
  `(a fixed random sample; all of them when there are fewer), in eval mode, after each epoch.`;
