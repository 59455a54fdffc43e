/**
 * One uPlot chart: counts over time (bars and lines) or per category (horizontal bars, so
 * long checkpoint and result names stay readable). The canvas is hidden from assistive
 * technology; every chart comes with the same figures as a table (see stats screens).
 * Series differ by shape as well as colour (bars, solid and dashed lines).
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line or set of bars. */
export interface ChartSeries {
  label: string;
  values: number[];
  colour: string;
  style: 'bars' | 'line' | 'dashed';
}

/** Counts over time: `times` in Unix ms, one per value. */
export interface TimeAxis {
  kind: 'time';
  times: number[];
  /** Legend name of the time (e.g. "Period start"). */
  name: string;
  /** A short tick label (Intl, in the console's language), at least `tickSpace` pixels apart. */
  tick(ms: number): string;
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
}

const INK = '#111111';
const GRID = '#d0d0d0';
const FONT = '12px system-ui, sans-serif';
const ROW_PX = 30;

/** Width in CSS pixels that the longest category label needs. */
function labelWidth(labels: readonly string[]): number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return 160;
  context.font = FONT;
  return Math.min(280, Math.ceil(Math.max(40, ...labels.map((l) => context.measureText(l).width))) + 16);
}

function options(axis: TimeAxis | CategoryAxis, series: readonly ChartSeries[], width: number): uPlot.Options {
  const horizontal = axis.kind === 'category';
  const count = horizontal ? axis.labels.length : axis.times.length;
  const bars = uPlot.paths.bars!({ size: [0.7, 48] });
  return {
    width,
    height: horizontal ? Math.max(120, count * ROW_PX + 50) : 260,
    // Categories run down the left side, first at the top; their bars grow to the right.
    scales: horizontal ? { x: { time: false, ori: 1, dir: -1, range: [-0.5, count - 0.5] }, y: { ori: 0, range: (_u, _min, max) => [0, Math.max(1, max)] } } : { x: { time: true, range: (_u, min, max) => [min - axis.stepMs / 2000, max + axis.stepMs / 2000] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    series: [
      horizontal ? { label: '' } : { label: axis.name, value: (_u, v) => (v == null ? '' : axis.format(v * 1000)) },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: s.style === 'bars' ? 1 : 2,
        fill: s.style === 'bars' ? `${s.colour}cc` : undefined,
        dash: s.style === 'dashed' ? [8, 5] : undefined,
        paths: s.style === 'bars' ? bars : undefined,
        points: { show: false },
      })),
    ],
    axes: [
      horizontal
        ? { side: 3, stroke: INK, font: FONT, size: labelWidth(axis.labels), grid: { show: false }, splits: () => axis.labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => axis.labels[i] ?? '') }
        : { stroke: INK, font: FONT, grid: { stroke: GRID }, values: (_u, splits) => splits.map((v) => axis.tick(v * 1000)), space: axis.tickSpace },
      { side: horizontal ? 2 : 3, stroke: INK, font: FONT, grid: { stroke: GRID }, space: horizontal ? 60 : 30, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
    ],
    // One series per category chart: its caption names it, a legend would only repeat it.
    legend: { show: !horizontal },
    cursor: { drag: { x: false, y: false } },
  };
}

/** A chart in a figure with its caption; redrawn when the data changes, resized with its box. */
export function Chart({ title, axis, series }: { title: string; axis: TimeAxis | CategoryAxis; series: ChartSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current!;
    const width = () => Math.max(280, element.clientWidth);
    // uPlot's time scale counts in seconds.
    const x = axis.kind === 'time' ? axis.times.map((ms) => ms / 1000) : axis.labels.map((_, i) => i);
    const plot = new uPlot(options(axis, series, width()), [x, ...series.map((s) => s.values)], element);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: plot.height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [axis, series]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-canvas" aria-hidden="true" />
    </figure>
  );
}
