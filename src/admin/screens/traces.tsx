/**
 * Contact tracing (issue 14, role `tracer` and admins): a trace starts from one of the case's
 * code ids with a stated reason (audited); the contacts come back grouped by person, masked
 * names only, with where and when each overlapped the case. The tracer proposes a colour (by
 * default yellow, close contact, until 14 days after the last overlap) for all or some; it takes
 * effect through the second-reviewer rule.
 */
import { useState } from 'preact/hooks';
import type { TraceResult } from '../../core/api/traces.ts';
import type { Colour } from '../../core/reasons.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useI18n } from '../i18n/i18n.ts';
import './review.css';

const CID = /^[A-Za-z0-9_-]{22}$/;
const COLOURS: Colour[] = ['yellow', 'red', 'green'];

export function TracesScreen() {
  const { t, number, dateTime } = useI18n();
  const [cid, setCid] = useState('');
  const [days, setDays] = useState('14');
  const [windowMinutes, setWindowMinutes] = useState('15');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<TraceResult | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [colour, setColour] = useState<Colour>('yellow');
  const [untilDays, setUntilDays] = useState('14');
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async (event: Event) => {
    event.preventDefault();
    setDone(null);
    if (!CID.test(cid.trim())) return setProblem(t('traces.badCid'));
    if (reason.trim() === '') return setProblem(t('traces.reasonNeeded'));
    setProblem(null);
    setBusy(true);
    setError(null);
    try {
      const traced = await reviewApi.trace({
        cid: cid.trim(),
        days: Number(days) || 14,
        windowMinutes: Number(windowMinutes) || 15,
        reason: reason.trim(),
      });
      setResult(traced);
      setChosen(new Set(traced.contacts.map((c) => c.personId)));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const propose = async () => {
    if (!result) return;
    if (chosen.size === 0) return setProblem(t('traces.chooseSome'));
    setProblem(null);
    setBusy(true);
    setError(null);
    try {
      const all = chosen.size === result.contacts.length;
      const reply = await reviewApi.proposeForTrace(result.traceId, {
        ...(all ? {} : { personIds: [...chosen] }),
        colour,
        reason: 'close_contact',
        untilDays: Number(untilDays) || 14,
      });
      const count = number(reply.proposal.persons);
      setDone(reply.proposal.state === 'confirmed' ? t('traces.applied', { count }) : t('traces.proposed', { count }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (personId: string) => {
    const next = new Set(chosen);
    if (!next.delete(personId)) next.add(personId);
    setChosen(next);
  };

  return (
    <section aria-labelledby="traces-title" class="review-screen">
      <h2 id="traces-title">{t('traces.title')}</h2>
      <p class="help">{t('traces.help')}</p>
      <form class="panel trace-form" onSubmit={start}>
        <InputField
          label={t('traces.cid')}
          name="cid"
          class="mono"
          spellcheck={false}
          autoComplete="off"
          maxLength={22}
          value={cid}
          onText={setCid}
        />
        <div class="fields">
          <InputField label={t('traces.days')} name="days" type="number" min={1} max={60} value={days} onText={setDays} />
          <InputField
            label={t('traces.window')}
            name="windowMinutes"
            type="number"
            min={1}
            max={240}
            value={windowMinutes}
            onText={setWindowMinutes}
          />
        </div>
        <label>
          {t('traces.reason')}
          <textarea name="reason" rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {problem && (
          <p class="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('traces.start')}
          </button>
        </div>
      </form>
      <ErrorText error={error} />
      <div aria-live="polite" data-testid="trace-done">
        {done && <p class="notice">{done}</p>}
      </div>
      {result && (
        <div data-testid="trace-result">
          <p>
            {t('traces.result', {
              count: number(result.contacts.length),
              entries: number(result.caseEntries),
              days: number(result.days),
              window: number(result.windowMinutes),
            })}
          </p>
          {result.contacts.length === 0 ? (
            <p>{t('traces.none')}</p>
          ) : (
            <>
              {/* A list of cards, not a table: a contact's overlaps stay readable on a phone. */}
              <ul class="trace-contacts" data-testid="contacts">
                {result.contacts.map((c) => (
                  <li key={c.personId} class="panel">
                    <label class="trace-pick">
                      <input
                        type="checkbox"
                        checked={chosen.has(c.personId)}
                        onChange={() => toggle(c.personId)}
                        aria-label={t('traces.select', { name: c.maskedName })}
                      />
                      <strong>{c.maskedName}</strong>
                    </label>
                    <p class="trace-codes">
                      {t('traces.codes')}:{' '}
                      {c.cids.map((k) => (
                        <code key={k} class="id">
                          {k}
                        </code>
                      ))}
                    </p>
                    <ul class="proposal-sample">
                      {c.overlaps.map((o, i) => (
                        <li key={i}>{t('traces.overlap', { place: o.checkpointName, at: dateTime(o.at), caseAt: dateTime(o.caseAt) })}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
              <div class="actions review-filter">
                <SelectField
                  label={t('traces.colour')}
                  name="colour"
                  value={colour}
                  onChange={setColour}
                  options={COLOURS.map((k) => [k, t(`colour.${k}`)] as const)}
                />
                <InputField
                  label={t('traces.untilDays')}
                  name="untilDays"
                  type="number"
                  min={1}
                  max={60}
                  value={untilDays}
                  onText={setUntilDays}
                />
                <button type="button" disabled={busy} onClick={propose}>
                  {t('traces.propose', { count: number(chosen.size) })}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
