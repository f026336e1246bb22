/** SVG pieces shared by the parser and the server charts (hand-written SVG, no dependencies). */

export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Appends `notes` as lines of small grey text from `y` down, and wraps `out` in an SVG document `width` wide. */
export function svgDocument(out: string[], notes: readonly string[], y: number, width: number, label: string): string {
  let ny = y;
  for (const n of notes) {
    out.push(`<text x="16" y="${ny}" font-size="11.5" fill="#555">${esc(n)}</text>`);
    ny += 16;
  }
  const height = ny + 6;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} role="img" aria-label="${esc(label)}">\n` +
    `<rect width="100%" height="100%" fill="#fff"/>\n` +
    out.join('\n') +
    '\n</svg>\n'
  );
}
