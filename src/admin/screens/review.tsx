/**
 * Review ("platform data verification"): the queue of applications the rules could not
 * decide (and the decided ones, by state), each approved with a colour or rejected with a
 * reason; approved ones can be revoked or printed as a paper code; below, the authority's
 * review rules. The only screen that shows a person's name and ID number.
 */
import { useState } from 'preact/hooks';
import type { ApplicationState } from '../../core/api/holder.ts';
import type { PaperCode } from '../../core/api/review.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { SelectField } from '../components/fields.tsx';
import { useLoad } from '../components/use-load.ts';
import { ListStatus } from '../components/list-status.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { ApplicationCard } from './review-application.tsx';
import { PaperCodeSheet } from './review-paper-code.tsx';
import { ReviewRulesForm } from './review-rules.tsx';
import './review.css';

const STATES: ApplicationState[] = ['pending', 'approved', 'rejected', 'revoked'];

/** The review section. */
export function ReviewScreen() {
  const { t, number } = useI18n();
  const [state, setState] = useState<ApplicationState>('pending');
  const [done, setDone] = useState<string | null>(null);
  const [paper, setPaper] = useState<PaperCode | null>(null);
  const list = useLoad(() => reviewApi.list(state), [state]);

  const decided = (message: string) => {
    setDone(message);
    list.reload();
  };

  return (
    <>
      <section aria-labelledby="review-title" class="review-screen">
        <h2 id="review-title">{t('review.queueTitle')}</h2>
        <p class="help">{t('review.queueHelp')}</p>
        <div class="actions review-filter">
          <SelectField
            label={t('review.show')}
            name="state"
            value={state}
            onChange={(next) => {
              setDone(null);
              setState(next);
            }}
            options={STATES.map((s) => [s, t(`review.state.${s}`)] as const)}
          />
          <button type="button" class="secondary" onClick={list.reload}>
            {t('review.reload')}
          </button>
        </div>
        <div aria-live="polite" data-testid="review-result">
          {done && <p class="notice">{done}</p>}
        </div>
        <ErrorText error={list.error} />
        <ListStatus loading={list.loading} empty={list.data?.applications.length === 0} emptyText={t('review.none')} />
        {list.data && !list.loading && (
          <>
            <p data-testid="review-count">{t('review.count', { count: number(list.data.total), state: t(`review.state.${state}`) })}</p>
            <ul class="review-list">
              {list.data.applications.map((application) => (
                <li key={application.id}>
                  <ApplicationCard
                    application={application}
                    onDecided={decided}
                    onPaper={setPaper}
                    onTaken={() => decided(t('review.taken'))}
                  />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {paper && <PaperCodeSheet code={paper} onClose={() => setPaper(null)} />}
      <ReviewRulesForm />
    </>
  );
}
