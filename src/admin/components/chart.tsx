/**
 * One uPlot chart of counts: bars per time bucket (hours or days) or per category (horizontal
 * bars, so long checkpoint and result names stay readable), stacked when there are several
 * series (drawn as running totals, the legend showing each series' own value). Axis titles
 * name both axes; time ticks show the date at the first tick and at every midnight; the
 * legend shows the latest bucket's values until the pointer picks another. In the
 * colour-blind palette each series also has its own fill pattern. The canvas is hidden from
 * assistive technology; every chart is followed by the same figures as a table.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One series of bars. */
export interface ChartSeries {
  label: string;
  values: number[];
  colour: string;
  /** A fill pattern (colour-blind palette): none, diagonal hatching, dots, or crosses. */
  pattern?: 'solid' | 'hatch' | 'dots' | 'cross';
}

/** Counts over time: `times` in Unix ms, one per value. */
export interface TimeAxis {
  kind: 'time';
  times: number[];
  /** Legend name of the time (e.g. "Hour starting"). */
  name: string;
  /** Axis title under the ticks. */
  title: string;
  /** Tick label of a time; `withDate` at the first tick and where the date changes. */
  tick(ms: number, withDate: boolean): string;
  /** The calendar day of a time (to see where the date changes), in the console's timezone. */
  day(ms: number): string;
  tickSpace: number;
  /** The length of one bucket, so the first and last bars are drawn whole. */
  stepMs: number;
  /** The full label of a time, for the legend. */
  format(ms: number): string;
}

/** Counts per category: one label per value. */
export interface CategoryAxis {
  kind: 'category';
  labels: string[];
  /** Axis title along the categories. */
  title: string;
}

const INK = '#111111';
const GRID = '#d0d0d0';
const FONT = '12px system-ui, sans-serif';
const TITLE_FONT = '600 12px system-ui, sans-serif';
const ROW_PX = 30;

/** Width in CSS pixels that the longest category label needs. */
function labelWidth(labels: readonly string[]): number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return 160;
  context.font = FONT;
  return Math.min(280, Math.ceil(Math.max(40, ...labels.map((l) => context.measureText(l).width))) + 16);
}

/** A small tile of `colour` with a pattern drawn over it, as a canvas fill. */
function patternFill(colour: string, pattern: ChartSeries['pattern']): CanvasRenderingContext2D['fillStyle'] {
  if (!pattern || pattern === 'solid') return colour;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 10;
  const g = tile.getContext('2d');
  if (!g) return colour;
  g.fillStyle = colour;
  g.fillRect(0, 0, 10, 10);
  g.strokeStyle = g.fillStyle = '#ffffff';
  g.lineWidth = 2;
  if (pattern === 'hatch' || pattern === 'cross') {
    g.beginPath();
    g.moveTo(0, 10);
    g.lineTo(10, 0);
    g.moveTo(-5, 5);
    g.lineTo(5, -5);
    g.moveTo(5, 15);
    g.lineTo(15, 5);
    if (pattern === 'cross') {
      g.moveTo(0, 0);
      g.lineTo(10, 10);
    }
    g.stroke();
  } else {
    g.beginPath();
    g.arc(5, 5, 1.8, 0, 2 * Math.PI);
    g.fill();
  }
  return g.createPattern(tile, 'repeat') ?? colour;
}

/** Running totals: series i is drawn as the sum of series i..n-1, so the first is the tallest and is drawn first. */
function stack(series: readonly ChartSeries[]): number[][] {
  const out: number[][] = series.map((s) => s.values.slice());
  for (let i = series.length - 2; i >= 0; i--) out[i] = out[i]!.map((v, j) => v + out[i + 1]![j]!);
  return out;
}

function options(
  axis: TimeAxis | CategoryAxis,
  series: readonly ChartSeries[],
  width: number,
  yTitle: string,
  formatNumber: (n: number) => string,
): uPlot.Options {
  const horizontal = axis.kind === 'category';
  const count = horizontal ? axis.labels.length : axis.times.length;
  const bars = uPlot.paths.bars!({ size: [0.75, 56], gap: 1 });
  // The legend's resting place: the latest bucket that has any scans (the current hour is often still empty), or the first category.
  const totals = series.length > 0 ? series[0]!.values.map((_, j) => series.reduce((sum, s) => sum + (s.values[j] ?? 0), 0)) : [];
  const lastWithData = totals.reduce((found, v, j) => (v > 0 ? j : found), count - 1);
  const rest = horizontal ? 0 : lastWithData;
  return {
    width,
    height: horizontal ? Math.max(140, count * ROW_PX + 80) : 300,
    // Categories run down the left side, first at the top; their bars grow to the right.
    scales: horizontal
      ? { x: { time: false, ori: 1, dir: -1, range: [-0.5, count - 0.5] }, y: { ori: 0, range: (_u, _min, max) => [0, Math.max(1, max)] } }
      : {
          x: { time: true, range: (_u, min, max) => [min - axis.stepMs / 2000, max + axis.stepMs / 2000] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
        },
    series: [
      horizontal
        ? { label: axis.title, value: (_u, v) => (v == null ? '' : (axis.labels[Math.round(v)] ?? '')) }
        : { label: axis.name, value: (_u, v) => (v == null ? '' : axis.format(v * 1000)) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.colour,
        width: 1,
        fill: patternFill(s.colour, s.pattern),
        paths: bars,
        points: { show: false },
        // The bar is a running total; the legend shows the series' own count.
        value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
          idx == null ? '' : formatNumber(series[i]!.values[idx] ?? 0),
      })),
    ],
    axes: [
      horizontal
        ? {
            side: 3,
            stroke: INK,
            font: FONT,
            labelFont: TITLE_FONT,
            label: axis.title,
            size: labelWidth(axis.labels),
            grid: { show: false },
            splits: () => axis.labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => axis.labels[i] ?? ''),
          }
        : {
            stroke: INK,
            font: FONT,
            labelFont: TITLE_FONT,
            label: axis.title,
            size: 52,
            grid: { stroke: GRID },
            space: axis.tickSpace,
            values: (_u, splits) =>
              splits.map((v, i) => axis.tick(v * 1000, i === 0 || axis.day(v * 1000) !== axis.day(splits[i - 1]! * 1000))),
          },
      {
        side: horizontal ? 2 : 3,
        stroke: INK,
        font: FONT,
        labelFont: TITLE_FONT,
        label: yTitle,
        grid: { stroke: GRID },
        space: horizontal ? 60 : 30,
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatNumber(v) : '')),
      },
    ],
    legend: { show: true, live: true, markers: { fill: (_u, si) => (si === 0 ? 'transparent' : series[si - 1]!.colour) } },
    cursor: { drag: { x: false, y: false } },
    hooks: {
      // The legend reads the latest bucket (or the first category) rather than "--" when the pointer is elsewhere.
      ready: [(u) => count > 0 && u.setLegend({ idx: rest })],
      setCursor: [(u) => count > 0 && u.cursor.idx == null && u.setLegend({ idx: rest }, false)],
    },
  };
}

/** A chart in a figure with its caption; redrawn when the data changes, resized with its box. */
export function Chart({
  title,
  axis,
  series,
  yTitle,
  formatNumber,
  testId,
}: {
  title: string;
  axis: TimeAxis | CategoryAxis;
  series: ChartSeries[];
  yTitle: string;
  formatNumber(n: number): string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current!;
    const width = () => Math.max(280, element.clientWidth);
    // uPlot's time scale counts in seconds.
    const x = axis.kind === 'time' ? axis.times.map((ms) => ms / 1000) : axis.labels.map((_, i) => i);
    const plot = new uPlot(options(axis, series, width(), yTitle, formatNumber), [x, ...stack(series)], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: plot.height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [axis, series, yTitle, formatNumber]);
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" aria-hidden="true" />
    </figure>
  );
}
