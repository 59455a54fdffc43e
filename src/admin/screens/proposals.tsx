/**
 * Status changes waiting for a second reviewer (issue 14): a change to red, a change of many
 * persons at once, a trace's proposal. Another reviewer confirms (one signed delta) or declines;
 * the proposer cannot confirm their own (the server refuses it too). Masked names only.
 */
import { useState } from 'preact/hooks';
import type { StatusProposal } from '../../core/api/review.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { SelectField } from '../components/fields.tsx';
import { ListStatus } from '../components/list-status.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.ts';
import { useSession } from '../session.ts';
import './review.css';

const STATES: StatusProposal['state'][] = ['pending', 'confirmed', 'rejected'];
const KINDS = ['person', 'bulk', 'trace', 'approve', 'correction'] as const;

export function ProposalsScreen() {
  const { t } = useI18n();
  const [state, setState] = useState<StatusProposal['state']>('pending');
  const [done, setDone] = useState<string | null>(null);
  const list = useLoad(() => reviewApi.proposals(state), [state]);
  return (
    <section aria-labelledby="proposals-title" class="review-screen">
      <h2 id="proposals-title">{t('proposals.title')}</h2>
      <p class="help">{t('proposals.help')}</p>
      <div class="actions review-filter">
        <SelectField
          label={t('proposals.show')}
          name="state"
          value={state}
          onChange={(next) => {
            setDone(null);
            setState(next);
          }}
          options={STATES.map((s) => [s, t(`proposals.state.${s}`)] as const)}
        />
      </div>
      <div aria-live="polite" data-testid="proposals-result">
        {done && <p class="notice">{done}</p>}
      </div>
      <ErrorText error={list.error} />
      <ListStatus loading={list.loading} empty={list.data?.proposals.length === 0} emptyText={t('proposals.none')} />
      {list.data && !list.loading && (
        <ul class="review-list">
          {list.data.proposals.map((p) => (
            <li key={p.id}>
              <ProposalCard
                proposal={p}
                onDecided={(message) => {
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

function ProposalCard({ proposal: p, onDecided }: { proposal: StatusProposal; onDecided(message: string): void }) {
  const { t, dateTime, number } = useI18n();
  const { session } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const own = session?.accountId === p.proposedBy;
  const kind = (KINDS as readonly string[]).includes(p.kind) ? (p.kind as (typeof KINDS)[number]) : 'person';
  const id = p.id.slice(0, 8);
  const decide = async (confirm: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await (confirm ? reviewApi.confirmProposal(p.id) : reviewApi.rejectProposal(p.id));
      onDecided(t(confirm ? 'proposals.confirmed' : 'proposals.rejected'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article class="panel review-card" aria-labelledby={`prop-${id}`} data-proposal={p.id}>
      <h3 id={`prop-${id}`}>
        {t('proposals.summary', { colour: t(`colour.${p.colour}`), persons: number(p.persons), reason: t(`personReason.${p.reason}`) })}
      </h3>
      <p>{t('proposals.by', { name: p.proposedByName, when: dateTime(p.proposedAt), kind: t(`proposals.kind.${kind}`) })}</p>
      {p.sample.length > 0 && (
        <>
          <p class="review-history-title">{t('proposals.sample', { shown: number(p.sample.length), total: number(p.persons) })}</p>
          <ul class="proposal-sample">
            {p.sample.map((s) => (
              <li key={s.personId}>
                {s.maskedName}
                {s.until !== undefined && ` — ${t('person.until', { until: dateTime(s.until * 1000) })}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.state === 'pending' ? (
        own ? (
          <p class="notice">{t('proposals.own')}</p>
        ) : (
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => decide(true)}>
              {t('proposals.confirm')}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => decide(false)}>
              {t('proposals.reject')}
            </button>
          </div>
        )
      ) : (
        p.decidedAt !== undefined && (
          <p>
            {t('proposals.decided', {
              // The deciding account's name (its short id only when the server could not name it: the account is gone).
              who: p.decidedByName ?? (session && p.decidedBy === session.accountId ? session.name : (p.decidedBy ?? '').slice(0, 8)),
              when: dateTime(p.decidedAt),
            })}
          </p>
        )
      )}
      <ErrorText error={error} />
    </article>
  );
}
