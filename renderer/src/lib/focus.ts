// A Svelte action for a control that appears in answer to a key press (an inline rename field):
// it takes the focus, with its text selected, so typing replaces it.
export function focusOnMount(node: HTMLInputElement): void {
  node.focus();
  node.select();
}
