// What the sequence chart draws with: a few primitives, so that one drawing routine (chart-render.ts) paints the
// canvas in the webview and writes the SVG export.

export interface Painter {
  rect(x: number, y: number, w: number, h: number, fill: string): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: number[]): void;
  /** Many segments of one colour at once (x1, y1, x2, y2, x1, …): the overview draws thousands. */
  lines(coords: readonly number[], stroke: string, width: number): void;
  polygon(points: Array<[number, number]>, fill: string): void;
  circle(x: number, y: number, r: number, fill: string, stroke?: string): void;
  /** Text with its baseline at y; `align` says which end of the text x is. Clipped to `maxWidth` when given. */
  text(x: number, y: number, s: string, fill: string, opts?: { align?: 'left' | 'center' | 'right'; bold?: boolean; maxWidth?: number }): void;
  /** Roughly how wide `s` is (for fitting labels). */
  measure(s: string): number;
}

/** An average glyph width of the chart's font (12 px sans-serif): good enough to fit labels in SVG. */
const AVERAGE_GLYPH = 6.6;

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

/** Shortens `s` to about `maxWidth` pixels with an ellipsis. */
export function fitText(s: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(s) <= maxWidth) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (measure(`${s.slice(0, mid)}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `${s.slice(0, lo)}…` : '';
}

/** Collects the drawing as SVG elements. */
export class SvgPainter implements Painter {
  private readonly parts: string[] = [];

  /**
   * `measure`: how wide a text is in the font the view draws with. The webview passes its canvas's, so that an
   * export fits (and cuts) labels as the view on screen does; without it, an average glyph width estimates.
   */
  constructor(private readonly width: number, private readonly height: number, private readonly font = '12px sans-serif',
    private readonly measureWith?: (s: string) => number) {}

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.parts.push(`<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" fill="${fill}"/>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: number[]): void {
    this.parts.push(`<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash.join(' ')}"` : ''}/>`);
  }

  lines(coords: readonly number[], stroke: string, width: number): void {
    if (!coords.length) return;
    let d = '';
    for (let i = 0; i < coords.length; i += 4) d += `M${r(coords[i])} ${r(coords[i + 1])}L${r(coords[i + 2])} ${r(coords[i + 3])}`;
    this.parts.push(`<path d="${d}" stroke="${stroke}" stroke-width="${width}" fill="none"/>`);
  }

  polygon(points: Array<[number, number]>, fill: string): void {
    this.parts.push(`<polygon points="${points.map(([x, y]) => `${r(x)},${r(y)}`).join(' ')}" fill="${fill}"/>`);
  }

  circle(x: number, y: number, radius: number, fill: string, stroke?: string): void {
    this.parts.push(`<circle cx="${r(x)}" cy="${r(y)}" r="${r(radius)}" fill="${fill}"${stroke ? ` stroke="${stroke}"` : ''}/>`);
  }

  text(x: number, y: number, s: string, fill: string, opts: { align?: 'left' | 'center' | 'right'; bold?: boolean; maxWidth?: number } = {}): void {
    const t = opts.maxWidth !== undefined ? fitText(s, opts.maxWidth, (x) => this.measure(x)) : s;
    if (!t) return;
    const anchor = opts.align === 'center' ? 'middle' : opts.align === 'right' ? 'end' : 'start';
    this.parts.push(`<text x="${r(x)}" y="${r(y)}" fill="${fill}" text-anchor="${anchor}"${opts.bold ? ' font-weight="bold"' : ''}>${escapeXml(t)}</text>`);
  }

  measure(s: string): number {
    return this.measureWith ? this.measureWith(s) : s.length * AVERAGE_GLYPH;
  }

  /** The whole document. */
  toString(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" style="font: ${this.font}">\n${this.parts.join('\n')}\n</svg>\n`;
  }
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}
