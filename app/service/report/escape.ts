// Text and data on their way into the report page. Everything a person typed (run and experiment
// names, CSV paths) goes through escapeHtml; data for the page's script goes in a JSON block.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe as element text and inside double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block. No raw `<` is left, so a run named
 * `</script><script>…` cannot end the block early; JSON.parse reads `\u003c` back as `<`.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Text for Plotly titles and legends. Plotly reads a few HTML tags there (<b>, <a href>, …) and
 * decodes &lt; &gt; &amp;, so a run name shows as typed and can never become a link.
 */
export function plotlyText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}
