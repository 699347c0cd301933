// Escaping text for the markup charts are made of: HTML, and the SVG of the computational graph.

/** Escapes text for HTML (and SVG) element content and attribute values. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
