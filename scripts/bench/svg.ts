/** Hand-written SVG line plots: cost per 1000 against labels, one line per strategy. */
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"];

export interface Series { name: string; x: number[]; y: number[] }

export function linePlot(title: string, series: Series[], hline?: { y: number; label: string }[]): string {
  const W = 420, H = 260, L = 50, R = 110, T = 24, Bm = 36;
  const xs = series.flatMap((s) => s.x), ys = series.flatMap((s) => s.y).concat((hline ?? []).map((h) => h.y));
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const y0 = 0, y1 = Math.max(...ys.filter(Number.isFinite)) * 1.05 || 1;
  const px = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (y: number) => H - Bm - ((y - y0) / (y1 - y0 || 1)) * (H - T - Bm);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="10">`];
  out.push(`<text x="${W / 2}" y="14" text-anchor="middle" font-size="11">${esc(title)}</text>`);
  out.push(`<line x1="${L}" y1="${H - Bm}" x2="${W - R}" y2="${H - Bm}" stroke="#000"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - Bm}" stroke="#000"/>`);
  for (let k = 0; k <= 4; k++) {
    const yv = y0 + ((y1 - y0) * k) / 4, xv = x0 + ((x1 - x0) * k) / 4;
    out.push(`<text x="${L - 4}" y="${py(yv) + 3}" text-anchor="end">${yv.toFixed(1)}</text>`);
    out.push(`<text x="${px(xv)}" y="${H - Bm + 12}" text-anchor="middle">${Math.round(xv)}</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle">labels</text>`);
  out.push(`<text x="12" y="${(T + H - Bm) / 2}" transform="rotate(-90 12 ${(T + H - Bm) / 2})" text-anchor="middle">cost / 1000</text>`);
  for (const h of hline ?? []) {
    out.push(`<line x1="${L}" y1="${py(h.y)}" x2="${W - R}" y2="${py(h.y)}" stroke="#999" stroke-dasharray="4 3"/><text x="${W - R + 4}" y="${py(h.y) + 3}" fill="#666">${esc(h.label)}</text>`);
  }
  series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length]!;
    const d = s.x.map((x, i) => `${i ? "L" : "M"}${px(x).toFixed(1)},${py(s.y[i]!).toFixed(1)}`).join("");
    out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.5"/>`);
    out.push(`<text x="${W - R + 4}" y="${T + 12 * k + 8}" fill="${c}">${esc(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}
