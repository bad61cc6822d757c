import type { Tolerance } from './run-fixture.ts';

/** FORMAT.md §10: float64 agrees with the reference to 1e-10 relative. */
export const FLOAT64_TOLERANCE: Tolerance = { forward: 1e-10, backward: 1e-10 };
