// The small building blocks every view uses.
export { default as Chart } from './Chart.svelte';
export { default as ConfirmDialog } from './ConfirmDialog.svelte';
export { default as ConventionLink } from './ConventionLink.svelte';
export { default as NumberField } from './NumberField.svelte';
export { default as SpreadPicker } from './SpreadPicker.svelte';
