/**
 * Statistics: totals (scans, admitted, refused, referred, overridden), scans per hour (per
 * day over long ranges), per checkpoint and per result as uPlot charts, each followed by
 * its figures as a table, and the devices that have not synced for a day.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Stats, StatsQuery } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { Chart, type CategoryAxis, type ChartSeries, type TimeAxis } from '../components/chart.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n, type I18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';

const HOUR = 3_600_000;
const RANGES = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
type Range = keyof typeof RANGES | 'custom';
// Contrast of at least 4.5:1 on white for each, and each series also differs in shape.
const COLOURS = { scans: '#0b3d91', refused: '#a1001b', overridden: '#5c3c00' };

function queryOf(range: Range, from: string, to: string): StatsQuery | null {
  const tzOffsetMinutes = -new Date().getTimezoneOffset();
  if (range !== 'custom') {
    const now = Date.now();
    return { from: now - RANGES[range], to: now, tzOffsetMinutes };
  }
  const start = from ? new Date(from).getTime() : NaN;
  const end = to ? new Date(to).getTime() : Date.now();
  return start < end ? { from: start, to: end, tzOffsetMinutes } : null;
}

/** The statistics section. */
export function StatisticsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const [range, setRange] = useState<Range>('24h');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState<StatsQuery | null>(() => queryOf('24h', '', ''));
  const stats = useLoad(() => (query ? api.stats(query) : Promise.resolve(null)), [query]);

  return (
    <>
      <h2>{t('stats.title')}</h2>
      <form
        class="panel"
        aria-label={t('stats.range')}
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(queryOf(range, from, to));
        }}
      >
        <div class="fields">
          <SelectField label={t('stats.range')} name="range" value={range} onChange={setRange} options={(['24h', '7d', '30d', 'custom'] as const).map((r) => [r, t(`stats.range.${r}`)] as const)} />
          {range === 'custom' && (
            <>
              <InputField label={t('stats.from')} name="from" type="datetime-local" required value={from} onText={setFrom} />
              <InputField label={t('stats.to')} name="to" type="datetime-local" value={to} onText={setTo} />
            </>
          )}
        </div>
        <button type="submit">{t('stats.show')}</button>
      </form>
      <ErrorText error={stats.error} />
      {stats.data && <StatsView stats={stats.data} i18n={i18n} />}
    </>
  );
}

function StatsView({ stats, i18n }: { stats: Stats; i18n: I18n }) {
  const { t, number, dateTime, ago } = i18n;
  const totals = stats.totals;
  const charts = useMemo(() => chartsOf(stats, i18n), [stats, i18n]);
  const now = Date.now();
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
      <p class="help">{t('stats.overriddenDetail', { admit: number(totals.overriddenToAdmit), refuse: number(totals.overriddenToRefuse) })}</p>

      <Chart title={charts.time.title} axis={charts.time.axis} series={charts.time.series} />
      <FiguresTable heading={t('stats.bucket')} rows={stats.series.map((b) => ({ key: String(b.start), label: charts.time.axis.format(b.start), counts: b }))} i18n={i18n} />

      <Chart title={t('stats.perCheckpoint')} axis={charts.checkpoints.axis} series={charts.checkpoints.series} />
      <FiguresTable heading={t('entries.checkpoint')} rows={stats.byCheckpoint.map((c, i) => ({ key: c.checkpointId, label: charts.checkpoints.axis.labels[i]!, counts: c }))} i18n={i18n} />

      <Chart title={t('stats.perResult')} axis={charts.results.axis} series={charts.results.series} />
      <FiguresTable heading={t('entries.result')} columns={['scans']} rows={stats.byResult.map((r, i) => ({ key: `${r.decision}-${r.reason}`, label: charts.results.axis.labels[i]!, counts: r }))} i18n={i18n} />

      <section aria-labelledby="silent-title">
        <h3 id="silent-title">{t('stats.silentTitle')}</h3>
        {stats.silentDevices.length === 0 ? (
          <p>{t('stats.silentNone')}</p>
        ) : (
          <ul data-testid="silent-devices">
            {stats.silentDevices.map((d) => (
              <li key={d.id}>
                <strong>{d.name || t('devices.unnamed')}</strong> · {d.checkpointName ?? t('stats.unknownCheckpoint')} · {t('devices.lastSeen')}:{' '}
                {d.lastSeenMs === null ? `${t('devices.never')} (${t('devices.enrolled')} ${dateTime(d.createdMs)})` : ago(d.lastSeenMs, now)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

type CountKey = 'scans' | 'admitted' | 'refused' | 'referred' | 'overridden';
const ALL_COUNTS: readonly CountKey[] = ['scans', 'admitted', 'refused', 'referred', 'overridden'];

/** A chart's figures as a table (one row a bucket or category), folded away by default. */
function FiguresTable({ heading, columns = ALL_COUNTS, rows, i18n }: { heading: string; columns?: readonly CountKey[]; rows: { key: string; label: string; counts: Partial<Record<CountKey, number>> }[]; i18n: I18n }) {
  const { t, number } = i18n;
  return (
    <details>
      <summary>{t('stats.asTable')}</summary>
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
    </details>
  );
}

/** Axes and series of the three charts, built once per answer and language. */
function chartsOf(stats: Stats, { t, lang }: I18n) {
  const daily = stats.bucketMs >= 24 * HOUR;
  const oneDay = stats.to - stats.from <= 48 * HOUR;
  const full = new Intl.DateTimeFormat(lang, daily ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
  const tick = new Intl.DateTimeFormat(lang, daily ? { month: 'short', day: 'numeric' } : oneDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'numeric', day: 'numeric', hour: '2-digit' });
  const series = (key: 'scans' | 'refused' | 'overridden', style: ChartSeries['style'], values: number[]): ChartSeries => ({ label: t(`stats.${key}` as MessageKey), colour: COLOURS[key], style, values });
  const time: { title: string; axis: TimeAxis; series: ChartSeries[] } = {
    title: t(daily ? 'stats.perDay' : 'stats.perHour'),
    axis: { kind: 'time', times: stats.series.map((b) => b.start), name: t('stats.bucket'), tick: (ms) => tick.format(ms), tickSpace: daily || oneDay ? 70 : 110, stepMs: stats.bucketMs, format: (ms) => full.format(ms) },
    series: [series('scans', 'bars', stats.series.map((b) => b.scans)), series('refused', 'line', stats.series.map((b) => b.refused)), series('overridden', 'dashed', stats.series.map((b) => b.overridden))],
  };
  const checkpoints: { axis: CategoryAxis; series: ChartSeries[] } = {
    axis: { kind: 'category', labels: stats.byCheckpoint.map((c) => c.name ?? t('stats.unknownCheckpoint')) },
    series: [series('scans', 'bars', stats.byCheckpoint.map((c) => c.scans))],
  };
  const results: { axis: CategoryAxis; series: ChartSeries[] } = {
    axis: { kind: 'category', labels: stats.byResult.map((r) => `${t(`decision.${r.decision}`)} · ${t(`reason.${r.reason}`)}`) },
    series: [series('scans', 'bars', stats.byResult.map((r) => r.scans))],
  };
  return { time, checkpoints, results };
}
