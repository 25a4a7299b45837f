// Theme colours for the chart. VS Code themes define some chart colours with transparency (charts.orange
// is a translucent orange in the Modern themes), which makes thin curves pale on light backgrounds and
// muddy on dark ones; the curves use the colour's hue at full opacity instead.

/** The colour without its alpha: #rgba/#rrggbbaa lose the alpha digits, rgba()/hsla() become opaque. */
export function opaqueColour(colour: string): string {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c)?.[1];
  if (hex) {
    if (hex.length === 4) return `#${hex.slice(0, 3)}`;
    if (hex.length === 8) return `#${hex.slice(0, 6)}`;
    return c;
  }
  const fn = /^(rgb|hsl)a?\(\s*([^,\s/]+)[\s,]+([^,\s/]+)[\s,]+([^,\s/)]+)(?:\s*[,/]\s*[^)]+)?\)$/i.exec(c);
  if (fn) return `${fn[1]!.toLowerCase()}(${fn[2]}, ${fn[3]}, ${fn[4]})`;
  return c;
}
