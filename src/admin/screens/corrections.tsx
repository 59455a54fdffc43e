/**
 * Correction requests (issue 14, the 纠错 of GB/T 38963): holders who say their colour is
 * wrong, how many are open and how long the oldest has waited; each answered keep or change
 * with a reply the holder reads in their app. A change to red waits for a second reviewer.
 */
import { useState } from 'preact/hooks';
import type { CorrectionView } from '../../core/api/review.ts';
import type { Colour } from '../../core/reasons.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { SelectField } from '../components/fields.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.ts';
import { statusWords } from './review-person.tsx';
import './review.css';

const COLOURS: Colour[] = ['green', 'yellow', 'red'];

export function CorrectionsScreen() {
  const { t, number, dateTime, ago } = useI18n();
  const [state, setState] = useState<'open' | 'answered'>('open');
  const [done, setDone] = useState<string | null>(null);
  const list = useLoad(() => reviewApi.corrections(state), [state]);
  const data = list.loading ? null : list.data;
  return (
    <section aria-labelledby="corrections-title" class="review-screen">
      <h2 id="corrections-title">{t('nav.corrections')}</h2>
      <p class="help">{t('corrections.help')}</p>
      <div class="actions review-filter">
        <SelectField
          label={t('corrections.show')}
          name="state"
          value={state}
          onChange={(next) => {
            setDone(null);
            setState(next);
          }}
          options={(['open', 'answered'] as const).map((s) => [s, t(`corrections.state.${s}`)] as const)}
        />
      </div>
      <div aria-live="polite" data-testid="corrections-result">
        {done && <p class="notice">{done}</p>}
      </div>
      <ErrorText error={list.error} />
      {data && (
        <p data-testid="corrections-open">
          {t('corrections.open', { count: number(data.open) })}
          {data.oldestOpenAt !== null &&
            ` — ${t('corrections.oldest', { when: dateTime(data.oldestOpenAt), ago: ago(data.oldestOpenAt, Date.now()) })}`}
        </p>
      )}
      <ListStatus
        loading={list.loading}
        empty={list.data?.corrections.length === 0}
        emptyText={t(state === 'open' ? 'corrections.none' : 'corrections.noneAnswered')}
      />
      {data && (
        <ul class="review-list">
          {data.corrections.map((c) => (
            <li key={c.id}>
              <CorrectionCard
                correction={c}
                onAnswered={(message) => {
                  setDone(message);
                  list.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CorrectionCard({ correction: c, onAnswered }: { correction: CorrectionView; onAnswered(message: string): void }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const [decision, setDecision] = useState<'keep' | 'change'>('keep');
  const [colour, setColour] = useState<Colour>(c.status.colour === 'green' ? 'yellow' : 'green');
  const [reply, setReply] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = c.id.slice(0, 8);
  const send = async (event: Event) => {
    event.preventDefault();
    if (reply.trim() === '') return setMissing(true);
    setBusy(true);
    setError(null);
    try {
      const answer = await reviewApi.answerCorrection(c.id, {
        decision,
        reply: reply.trim(),
        ...(decision === 'change' ? { colour, reason: 'correction' as const } : {}),
      });
      const waits = typeof answer === 'object' && answer !== null && 'proposal' in answer;
      onAnswered(waits ? t('corrections.waits') : t('corrections.answered', { name: c.maskedName }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="panel review-card" aria-labelledby={`corr-${id}`} data-correction={c.id}>
      <h3 id={`corr-${id}`}>{t('corrections.of', { name: c.maskedName })}</h3>
      <p class="review-history-title">{t('corrections.said', { when: dateTime(c.createdAt) })}</p>
      <blockquote class="review-said" dir="auto">
        {c.text}
      </blockquote>
      <p>
        {t('corrections.status')} <strong>{statusWords(i18n, c.status)}</strong>
      </p>
      {c.state !== 'open' ? (
        <>
          <p class="review-history-title">
            {t('corrections.answer', { result: t(`corrections.result.${c.state}`), when: c.answeredAt ? dateTime(c.answeredAt) : '' })}
          </p>
          <blockquote class="review-said" dir="auto">
            {c.reply}
          </blockquote>
        </>
      ) : (
        <form class="review-decide" onSubmit={send}>
          <fieldset class="review-choice">
            <legend>{t('corrections.decision')}</legend>
            <div class="actions">
              <SelectField
                label={t('corrections.keepOrChange')}
                name={`decision-${id}`}
                value={decision}
                onChange={setDecision}
                options={[
                  ['keep', t('corrections.keep')],
                  ['change', t('corrections.change')],
                ]}
              />
              {decision === 'change' && (
                <SelectField
                  label={t('corrections.newColour')}
                  name={`colour-${id}`}
                  value={colour}
                  onChange={setColour}
                  options={COLOURS.map((k) => [k, t(`colour.${k}`)] as const)}
                />
              )}
            </div>
            <label>
              {t('corrections.reply')}
              <textarea
                name={`reply-${id}`}
                rows={2}
                maxLength={500}
                value={reply}
                aria-invalid={missing && reply.trim() === ''}
                onInput={(e) => setReply(e.currentTarget.value)}
              />
            </label>
            {missing && reply.trim() === '' && (
              <p class="notice notice-error" role="alert">
                {t('corrections.replyNeeded')}
              </p>
            )}
            <div class="actions">
              <button type="submit" disabled={busy}>
                {t('corrections.send')}
              </button>
            </div>
          </fieldset>
        </form>
      )}
      <ErrorText error={error} />
    </article>
  );
}
