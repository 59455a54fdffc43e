/**
 * Statistics, for a wall screen as much as a desk: totals; scans per hour (per day over long
 * ranges) stacked by result in the scanner's colours or a colour-blind-safe palette with
 * patterns; per checkpoint and per result; a checkpoint × hour-of-day heatmap; red and yellow
 * sightings per checkpoint; devices silent for a day. Each chart is followed by its figures
 * as a table and a CSV download. While open, the screen refreshes itself every 30 s (the
 * server answers 304 to its ETag while nothing changed).
 */
import { checkpointName } from '../components/checkpoint-name.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Stats, StatsQuery } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { Chart, type CategoryAxis, type ChartSeries, type TimeAxis } from '../components/chart.tsx';
import { CsvDownload } from '../components/csv-download.tsx';
import { DeviceLabel } from '../components/device-label.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { AuthorityField } from '../components/authority-field.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n, type I18n } from '../i18n/i18n.ts';

const HOUR = 3_600_000;
const REFRESH_MS = 30_000;
const RANGES = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
type Range = keyof typeof RANGES | 'custom';
type Palette = 'scanner' | 'safe';
type Result = 'admitted' | 'referred' | 'refused';

/** The scanner's verdict colours, and Okabe–Ito colours (told apart with every colour vision) with a pattern each. */
const PALETTES: Record<Palette, Record<Result, { colour: string; pattern: ChartSeries['pattern'] }>> = {
  scanner: {
    admitted: { colour: '#0a6b2c', pattern: 'solid' },
    referred: { colour: '#ffc107', pattern: 'solid' },
    refused: { colour: '#a1001b', pattern: 'solid' },
  },
  safe: {
    admitted: { colour: '#0072b2', pattern: 'solid' },
    referred: { colour: '#e69f00', pattern: 'dots' },
    refused: { colour: '#d55e00', pattern: 'hatch' },
  },
};
const SIGHTING = { scanner: { red: '#a1001b', yellow: '#ffc107' }, safe: { red: '#d55e00', yellow: '#e69f00' } } as const;
const PALETTE_KEY = 'gatecheck.admin.palette';

/** The query for a range. A relative range ends at the next full hour, so polls within one hour ask the same question (and get 304s). */
function queryOf(range: Range, from: string, to: string, authority: string): StatsQuery | null {
  const tzOffsetMinutes = -new Date().getTimezoneOffset();
  const only = authority ? { authority } : {};
  if (range !== 'custom') {
    const end = Math.ceil((Date.now() + 1) / HOUR) * HOUR;
    return { from: end - RANGES[range], to: end, tzOffsetMinutes, ...only };
  }
  const start = from ? new Date(from).getTime() : NaN;
  const end = to ? new Date(to).getTime() : Date.now();
  return start < end ? { from: start, to: end, tzOffsetMinutes, ...only } : null;
}

function storedPalette(): Palette {
  try {
    return localStorage.getItem(PALETTE_KEY) === 'safe' ? 'safe' : 'scanner';
  } catch {
    return 'scanner';
  }
}

/** The statistics section. */
export function StatisticsScreen() {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [range, setRange] = useState<Range>('24h');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [authority, setAuthority] = useState('');
  const [palette, setPalette] = useState<Palette>(storedPalette);
  const [query, setQuery] = useState<StatsQuery | null>(() => queryOf('24h', '', '', ''));
  const stats = useLoad(() => (query ? api.stats(query) : Promise.resolve(null)), [query]);
  const [updated, setUpdated] = useState<number | null>(null);

  useEffect(() => {
    if (!stats.loading && !stats.error && stats.data) setUpdated(Date.now());
  }, [stats.loading]);
  // Refresh while open: the same relative range again (a new hour moves it on); a custom range stays as chosen.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.hidden) return;
      setQuery((q) => (range === 'custom' ? (q ? { ...q } : q) : queryOf(range, '', '', q?.authority ?? '')));
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [range]);

  const choosePalette = (next: Palette) => {
    setPalette(next);
    try {
      localStorage.setItem(PALETTE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page.
    }
  };

  return (
    <>
      <h2>{t('stats.title')}</h2>
      <form
        class="panel"
        aria-label={t('stats.range')}
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(queryOf(range, from, to, authority));
        }}
      >
        <div class="fields">
          <SelectField
            label={t('stats.range')}
            name="range"
            value={range}
            onChange={setRange}
            options={(['24h', '7d', '30d', 'custom'] as const).map((r) => [r, t(`stats.range.${r}`)] as const)}
          />
          {range === 'custom' && (
            <>
              <InputField label={t('stats.from')} name="from" type="datetime-local" required value={from} onText={setFrom} />
              <InputField label={t('stats.to')} name="to" type="datetime-local" value={to} onText={setTo} />
            </>
          )}
          <AuthorityField value={authority} onChange={setAuthority} />
          <SelectField
            label={t('stats.palette')}
            name="palette"
            value={palette}
            onChange={choosePalette}
            options={[
              ['scanner', t('stats.palette.scanner')],
              ['safe', t('stats.palette.safe')],
            ]}
          />
        </div>
        <div class="actions">
          <button type="submit">{t('stats.show')}</button>
          {updated !== null && (
            <span class="help" data-testid="stats-updated">
              {t('stats.updated', { time: dateTime(updated), seconds: REFRESH_MS / 1000 })}
            </span>
          )}
        </div>
      </form>
      <ErrorText error={stats.error} />
      {stats.data && <StatsView stats={stats.data} i18n={i18n} palette={palette} />}
    </>
  );
}

type CountKey = 'scans' | 'admitted' | 'refused' | 'referred' | 'overridden';
const ALL_COUNTS: readonly CountKey[] = ['scans', 'admitted', 'refused', 'referred', 'overridden'];

function StatsView({ stats, i18n, palette }: { stats: Stats; i18n: I18n; palette: Palette }) {
  const { t, number, dateTime, ago } = i18n;
  const totals = stats.totals;
  const charts = useMemo(() => chartsOf(stats, i18n, palette), [stats, i18n, palette]);
  const heatmap = stats.heatmap ?? [];
  const sightings = stats.sightings ?? [];
  const now = Date.now();
  const stamp = new Date(stats.to).toISOString().slice(0, 13).replace(/[-T]/g, '');
  const countsCsv = (label: string, rows: { label: string; counts: Partial<Record<CountKey, number>> }[]) => ({
    header: [label, ...ALL_COUNTS.map((c) => t(`stats.${c}`))],
    rows: rows.map((r) => [r.label, ...ALL_COUNTS.map((c) => r.counts[c] ?? 0)]),
  });
  const timeRows = stats.series.map((b) => ({ key: String(b.start), label: charts.time.axis.format(b.start), counts: b }));
  const checkpointRows = stats.byCheckpoint.map((c, i) => ({
    key: c.checkpointId ?? '',
    label: charts.checkpoints.axis.labels[i]!,
    counts: c,
  }));
  return (
    <div data-testid="statistics">
      <dl class="tiles">
        {ALL_COUNTS.map((key) => (
          <div key={key} class="tile">
            <dt>{t(`stats.${key}`)}</dt>
            <dd>{number(totals[key])}</dd>
          </div>
        ))}
      </dl>
      <p class="help">
        {t('stats.overriddenDetail', { admit: number(totals.overriddenToAdmit), refuse: number(totals.overriddenToRefuse) })}
      </p>

      <Chart
        testId="chart-time"
        title={charts.time.title}
        axis={charts.time.axis}
        series={charts.time.series}
        yTitle={t('stats.axisScans')}
        formatNumber={number}
      />
      <Figures
        heading={t('stats.bucket')}
        rows={timeRows}
        i18n={i18n}
        csv={{ filename: `gatecheck-scans-${stamp}.csv`, ...countsCsv(t('stats.bucket'), timeRows) }}
      />

      <Chart
        testId="chart-checkpoints"
        title={t('stats.perCheckpoint')}
        axis={charts.checkpoints.axis}
        series={charts.checkpoints.series}
        yTitle={t('stats.axisScans')}
        formatNumber={number}
      />
      <Figures
        heading={t('entries.checkpoint')}
        rows={checkpointRows}
        i18n={i18n}
        csv={{ filename: `gatecheck-checkpoints-${stamp}.csv`, ...countsCsv(t('entries.checkpoint'), checkpointRows) }}
      />

      <Chart
        testId="chart-results"
        title={t('stats.perResult')}
        axis={charts.results.axis}
        series={charts.results.series}
        yTitle={t('stats.axisScans')}
        formatNumber={number}
      />
      <Figures
        heading={t('entries.result')}
        columns={['scans']}
        rows={stats.byResult.map((r, i) => ({ key: `${r.decision}-${r.reason}`, label: charts.results.axis.labels[i]!, counts: r }))}
        i18n={i18n}
        csv={{
          filename: `gatecheck-results-${stamp}.csv`,
          header: [t('entries.decision'), t('entries.reason'), t('stats.scans')],
          rows: stats.byResult.map((r) => [t(`decision.${r.decision}`), t(`reason.${r.reason}`), r.scans]),
        }}
      />

      <section aria-labelledby="heatmap-title">
        <h3 id="heatmap-title">{t('stats.heatmapTitle')}</h3>
        {heatmap.length === 0 ? <p>{t('stats.noData')}</p> : <Heatmap rows={heatmap} i18n={i18n} />}
        {heatmap.length > 0 && (
          <CsvDownload
            label={t('stats.download')}
            filename={`gatecheck-heatmap-${stamp}.csv`}
            header={[t('entries.checkpoint'), ...Array.from({ length: 24 }, (_, h) => `${h}:00`)]}
            rows={heatmap.map((r) => [checkpointName(t, r.checkpointId, r.name), ...r.hours])}
          />
        )}
      </section>

      <section aria-labelledby="sightings-title">
        <h3 id="sightings-title">{t('stats.sightingsTitle')}</h3>
        {sightings.length === 0 ? (
          <p>{t('stats.noSightings')}</p>
        ) : (
          <>
            <Chart
              testId="chart-sightings"
              title={t('stats.sightingsChart')}
              axis={charts.sightings.axis}
              series={charts.sightings.series}
              yTitle={t('stats.axisSightings')}
              formatNumber={number}
            />
            <div class="table-wrap" tabIndex={0}>
              <table data-testid="sightings">
                <TableHead headings={[t('entries.checkpoint'), t('stats.red'), t('stats.yellow')]} />
                <tbody>
                  {sightings.map((s) => (
                    <tr key={s.checkpointId ?? ''}>
                      <th scope="row">{checkpointName(t, s.checkpointId, s.name)}</th>
                      <td>{number(s.red)}</td>
                      <td>{number(s.yellow)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <CsvDownload
              label={t('stats.download')}
              filename={`gatecheck-sightings-${stamp}.csv`}
              header={[t('entries.checkpoint'), t('stats.red'), t('stats.yellow')]}
              rows={sightings.map((s) => [checkpointName(t, s.checkpointId, s.name), s.red, s.yellow])}
            />
          </>
        )}
      </section>

      <section aria-labelledby="silent-title">
        <h3 id="silent-title">{t('stats.silentTitle')}</h3>
        {stats.silentDevices.length === 0 ? (
          <p>{t('stats.silentNone')}</p>
        ) : (
          <ul data-testid="silent-devices">
            {stats.silentDevices.map((d) => (
              <li key={d.id}>
                <strong>
                  <DeviceLabel id={d.id} name={d.name} />
                </strong>{' '}
                · {d.checkpointName ?? t('stats.unknownCheckpoint')} · {t('devices.lastSeen')}:{' '}
                {d.lastSeenMs === null
                  ? `${t('devices.never')} (${t('devices.enrolled')} ${dateTime(d.createdMs)})`
                  : ago(d.lastSeenMs, now)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** Checkpoint × hour of day as a table: every cell prints its count; shading (one hue, darker is busier) only repeats it. */
function Heatmap({ rows, i18n }: { rows: NonNullable<Stats['heatmap']>; i18n: I18n }) {
  const { t, number } = i18n;
  const max = Math.max(1, ...rows.flatMap((r) => r.hours));
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="heatmap" data-testid="heatmap">
        <caption class="visually-hidden">{t('stats.heatmapCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('entries.checkpoint')}</th>
            {Array.from({ length: 24 }, (_, h) => (
              <th key={h} scope="col" class="hour">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.checkpointId ?? ''}>
              <th scope="row">{checkpointName(t, r.checkpointId, r.name)}</th>
              {r.hours.map((n, h) => {
                const level = n === 0 ? 0 : Math.ceil((n / max) * 5);
                return (
                  <td key={h} class={`heat heat-${level}`} title={t('stats.heatCell', { hour: h, count: number(n) })}>
                    {n === 0 ? '' : number(n)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart's figures as a table (folded away) and as a CSV download. */
function Figures({
  heading,
  columns = ALL_COUNTS,
  rows,
  i18n,
  csv,
}: {
  heading: string;
  columns?: readonly CountKey[];
  rows: { key: string; label: string; counts: Partial<Record<CountKey, number>> }[];
  i18n: I18n;
  csv: { filename: string; header: string[]; rows: (string | number | null)[][] };
}) {
  const { t, number } = i18n;
  return (
    <div class="figures">
      <details>
        <summary>{t('stats.asTable')}</summary>
        <div class="table-wrap" tabIndex={0}>
          <table>
            <TableHead headings={[heading, ...columns.map((c) => t(`stats.${c}`))]} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  {columns.map((c) => (
                    <td key={c}>{number(row.counts[c] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <CsvDownload label={t('stats.download')} {...csv} />
    </div>
  );
}

/** Axes and series of the charts, built once per answer, language and palette. */
function chartsOf(stats: Stats, { t, lang }: I18n, palette: Palette) {
  const daily = stats.bucketMs >= 24 * HOUR;
  const full = new Intl.DateTimeFormat(lang, daily ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  const date = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' });
  const day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
  const colours = PALETTES[palette];
  const results = (pick: (key: Result) => number[]): ChartSeries[] =>
    (['refused', 'referred', 'admitted'] as const).map((key) => ({
      label: t(`stats.${key}`),
      values: pick(key),
      colour: colours[key].colour,
      pattern: colours[key].pattern,
    }));
  const timeChart: { title: string; axis: TimeAxis; series: ChartSeries[] } = {
    title: t(daily ? 'stats.perDay' : 'stats.perHour'),
    axis: {
      kind: 'time',
      times: stats.series.map((b) => b.start),
      name: t(daily ? 'stats.dayStarting' : 'stats.hourStarting'),
      title: t(daily ? 'stats.axisDay' : 'stats.axisHour'),
      tick: (ms, withDate) => (daily ? date.format(ms) : withDate ? `${date.format(ms)}\n${time.format(ms)}` : time.format(ms)),
      day: (ms) => day.format(ms),
      tickSpace: daily ? 60 : 56,
      stepMs: stats.bucketMs,
      format: (ms) => full.format(ms),
    },
    series: results((key) => stats.series.map((b) => b[key])),
  };
  const checkpointLabels = stats.byCheckpoint.map((c) => checkpointName(t, c.checkpointId, c.name));
  const checkpoints: { axis: CategoryAxis; series: ChartSeries[] } = {
    axis: { kind: 'category', labels: checkpointLabels, title: t('entries.checkpoint') },
    series: results((key) => stats.byCheckpoint.map((c) => c[key])),
  };
  // One series per decision, each with counts only on its own rows: every bar has its decision's colour.
  const decisionKey = { admit: 'admitted', refer: 'referred', refuse: 'refused' } as const;
  const resultChart: { axis: CategoryAxis; series: ChartSeries[] } = {
    axis: {
      kind: 'category',
      labels: stats.byResult.map((r) => `${t(`decision.${r.decision}`)} · ${t(`reason.${r.reason}`)}`),
      title: t('entries.result'),
    },
    series: results((key) => stats.byResult.map((r) => (decisionKey[r.decision] === key ? r.scans : 0))),
  };
  const sightingsList = stats.sightings ?? [];
  const sightings: { axis: CategoryAxis; series: ChartSeries[] } = {
    axis: { kind: 'category', labels: sightingsList.map((s) => checkpointName(t, s.checkpointId, s.name)), title: t('entries.checkpoint') },
    series: [
      {
        label: t('stats.red'),
        values: sightingsList.map((s) => s.red),
        colour: SIGHTING[palette].red,
        pattern: palette === 'safe' ? 'hatch' : 'solid',
      },
      {
        label: t('stats.yellow'),
        values: sightingsList.map((s) => s.yellow),
        colour: SIGHTING[palette].yellow,
        pattern: palette === 'safe' ? 'dots' : 'solid',
      },
    ],
  };
  return { time: timeChart, checkpoints, results: resultChart, sightings };
}
