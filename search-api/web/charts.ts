import { html, type Html } from './html';

/**
 * Small inline SVG charts, drawn on the server from facet counts: nothing to download, nothing
 * to run in the browser, and they print. Colours come from CSS classes (app.css), never from
 * style attributes, so a strict Content-Security-Policy holds. Each chart is an image with a
 * title and a description that says its numbers in words.
 */
export interface YearCount {
  year: number;
  patent: number;
  research: number;
  /** Shown instead of the year: "≤1996" for the bar that holds every older year. */
  label?: string;
}

/** Most bars the year chart draws; older years share the first bar. */
export const MAX_YEAR_BARS = 30;

export interface Bar {
  label: string;
  value: number;
  /** CSS class of the bar (e.g. a sector). */
  cls?: string;
}

export interface ChartText {
  title: string;
  desc: string;
}

const WIDTH = 320;

const round = (n: number): number => Math.round(n * 10) / 10;

/** Every year from the first to the last with a count, zeros included, so gaps show. */
export function fillYears(counts: YearCount[]): YearCount[] {
  if (counts.length === 0) return [];
  const years = counts.map((c) => c.year);
  const [lo, hi] = [Math.min(...years), Math.max(...years)];
  const by = new Map(counts.map((c) => [c.year, c]));
  const out: YearCount[] = [];
  for (let y = lo; y <= hi; y++) out.push(by.get(y) ?? { year: y, patent: 0, research: 0 });
  if (out.length <= MAX_YEAR_BARS) return out;
  // A few very old records would make every bar a hairline: they share one bar.
  const older = out.slice(0, out.length - MAX_YEAR_BARS + 1);
  const last = older.at(-1)!.year;
  const sum = (k: 'patent' | 'research') => older.reduce((a, c) => a + c[k], 0);
  return [
    { year: last, patent: sum('patent'), research: sum('research'), label: `≤${last}` },
    ...out.slice(out.length - MAX_YEAR_BARS + 1),
  ];
}

/** A round step for the value axis: 1, 2, 5, 10, 20, 50… */
export function niceStep(max: number, ticks = 4): number {
  const raw = Math.max(1, max) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return Math.max(1, step);
}

/** Patents and research side by side, one pair of bars per year. */
export function yearChart(id: string, counts: YearCount[], text: ChartText): Html {
  const years = fillYears(counts);
  const height = 170;
  const [left, right, top, bottom] = [28, 6, 8, 22];
  const plotW = WIDTH - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...years.map((y) => Math.max(y.patent, y.research)));
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const slot = plotW / Math.max(1, years.length);
  const barW = Math.max(1, Math.min(14, (slot - 2) / 2));
  const y = (v: number): number => top + plotH - (v / axisMax) * plotH;
  const labelEvery = Math.ceil(years.length / 8);
  const ticks: number[] = [];
  for (let v = 0; v <= axisMax; v += step) ticks.push(v);
  return html`<svg
    class="chart"
    id="${id}"
    viewBox="0 0 ${WIDTH} ${height}"
    role="img"
    aria-labelledby="${id}-t ${id}-d"
  >
    <title id="${id}-t">${text.title}</title>
    <desc id="${id}-d">${text.desc}</desc>
    ${ticks.map(
      (v) =>
        html`<line
            class="grid"
            x1="${left}"
            x2="${WIDTH - right}"
            y1="${round(y(v))}"
            y2="${round(y(v))}"
          ></line
          ><text class="tick" x="${left - 4}" y="${round(y(v) + 3)}" text-anchor="end">${v}</text>`,
    )}
    ${years.map((c, i) => {
      const x = left + i * slot + (slot - 2 * barW) / 2;
      const bar = (v: number, dx: number, cls: string, label: string): Html =>
        v > 0
          ? html`<rect
              class="${cls}"
              x="${round(x + dx)}"
              y="${round(y(v))}"
              width="${round(barW)}"
              height="${round(top + plotH - y(v))}"
              ><title>${label}</title></rect
            >`
          : html``;
      return html`<g
        >${bar(c.patent, 0, 'bar-patent', `${c.label ?? c.year}: ${c.patent}`)}${bar(c.research, barW, 'bar-research', `${c.label ?? c.year}: ${c.research}`)}${
          i % labelEvery === 0 || (i === years.length - 1 && i % labelEvery >= labelEvery / 2 + 1)
            ? html`<text
                class="tick"
                x="${round(left + i * slot + slot / 2)}"
                y="${height - 6}"
                text-anchor="middle"
                >${c.label ?? c.year}</text
              >`
            : ''
        }</g
      >`;
    })}
  </svg>`;
}

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Labelled horizontal bars: the label above its bar, so long Vietnamese names fit a phone. */
export function barList(id: string, bars: Bar[], text: ChartText): Html {
  const row = 30;
  const height = Math.max(row, bars.length * row) + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const valueW = 30;
  const plotW = WIDTH - valueW;
  return html`<svg
    class="chart"
    id="${id}"
    viewBox="0 0 ${WIDTH} ${height}"
    role="img"
    aria-labelledby="${id}-t ${id}-d"
  >
    <title id="${id}-t">${text.title}</title>
    <desc id="${id}-d">${text.desc}</desc>
    ${bars.map((b, i) => {
      const top = i * row;
      const w = Math.max(2, (b.value / max) * plotW);
      return html`<g
        ><text class="label" x="0" y="${top + 11}">${truncate(b.label, 52)}</text
        ><rect class="${b.cls ?? 'bar'}" x="0" y="${top + 15}" width="${round(w)}" height="9"
          ><title>${b.label}: ${b.value}</title></rect
        ><text class="tick" x="${round(w + 4)}" y="${top + 23}">${b.value}</text></g
      >`;
    })}
  </svg>`;
}
