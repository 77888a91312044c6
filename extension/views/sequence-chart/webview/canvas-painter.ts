// The chart's Painter on a 2D canvas (the webview's live view).
import type { Painter } from '../chart-painter';
import { fitText } from '../chart-painter';

export class CanvasPainter implements Painter {
  private readonly widths = new Map<string, number>();

  constructor(private readonly ctx: CanvasRenderingContext2D, private readonly font: string, private readonly boldFont: string) {
    ctx.font = font;
  }

  rect(x: number, y: number, w: number, h: number, fill: string): void {
    this.ctx.fillStyle = fill;
    this.ctx.fillRect(x, y, w, h);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, dash?: number[]): void {
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.setLineDash(dash ?? []);
    c.beginPath();
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.stroke();
  }

  lines(coords: readonly number[], stroke: string, width: number): void {
    if (!coords.length) return;
    const c = this.ctx;
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.setLineDash([]);
    c.beginPath();
    for (let i = 0; i < coords.length; i += 4) {
      c.moveTo(coords[i], coords[i + 1]);
      c.lineTo(coords[i + 2], coords[i + 3]);
    }
    c.stroke();
  }

  polygon(points: Array<[number, number]>, fill: string): void {
    const c = this.ctx;
    c.fillStyle = fill;
    c.beginPath();
    points.forEach(([x, y], i) => (i ? c.lineTo(x, y) : c.moveTo(x, y)));
    c.closePath();
    c.fill();
  }

  circle(x: number, y: number, r: number, fill: string, stroke?: string): void {
    const c = this.ctx;
    c.fillStyle = fill;
    c.beginPath();
    c.arc(x, y, r, 0, Math.PI * 2);
    c.fill();
    if (stroke) {
      c.setLineDash([]);
      c.strokeStyle = stroke;
      c.lineWidth = 1.5;
      c.stroke();
    }
  }

  text(x: number, y: number, s: string, fill: string, opts: { align?: 'left' | 'center' | 'right'; bold?: boolean; maxWidth?: number } = {}): void {
    const c = this.ctx;
    c.font = opts.bold ? this.boldFont : this.font;
    const t = opts.maxWidth !== undefined ? fitText(s, opts.maxWidth, (x) => this.measure(x, opts.bold)) : s;
    if (!t) return;
    c.fillStyle = fill;
    c.textAlign = opts.align ?? 'left';
    c.fillText(t, x, y);
  }

  measure(s: string, bold = false): number {
    const key = bold ? `b${s}` : s;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.ctx.font = bold ? this.boldFont : this.font;
      w = this.ctx.measureText(s).width;
      if (this.widths.size > 20_000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }
}
