/** One application in the review queue: the person's details, the declaration in words, and the decisions a reviewer can take. */
import { useState } from 'preact/hooks';
import type { PaperCode, ReviewApplication } from '../../core/api/review.ts';
import type { Colour } from '../../core/reasons.ts';
import { isGreenerThan, ruleFloor } from '../../core/review-rules.ts';
import { ApiError } from '../api/client.ts';
import { reviewApi } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { RegionName } from '../components/region-name.tsx';
import { SelectField } from '../components/fields.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { useSession } from '../session.ts';
import { PersonBeside } from './review-person.tsx';

const COLOURS: Colour[] = ['green', 'yellow', 'red'];

interface Props {
  application: ReviewApplication;
  /** A decision was taken; the message says which. */
  onDecided(message: string): void;
  onPaper(code: PaperCode): void;
  /** Someone else decided first (409). */
  onTaken(): void;
}

export function ApplicationCard({ application: a, onDecided, onPaper, onTaken }: Props) {
  const { t, dateTime } = useI18n();
  // No colour is pre-selected: the reviewer chooses one, with the declaration beside it.
  const [colour, setColour] = useState<Colour | ''>('');
  const [colourMissing, setColourMissing] = useState(false);
  const [confirmGreener, setConfirmGreener] = useState(false);
  const [newColour, setNewColour] = useState<Colour>((a.currentStatus ?? a.code?.colour) === 'red' ? 'green' : 'red');
  const [reason, setReason] = useState('');
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reasonMissing, setReasonMissing] = useState(false);
  const id = a.id.slice(0, 8);
  const { session } = useSession();
  // Decisions carry the reviewer's account id and its display name (older ones: the name itself); an id the
  // server could not name (the account is gone) is cut to its first 8 characters.
  const reviewerName = (who: string, name?: string) =>
    name ?? (session && who === session.accountId ? session.name : /^[0-9a-f-]{36}$/i.test(who) ? who.slice(0, 8) : who);
  const yesNo = (v: boolean) => (v ? t('review.yes') : t('review.no'));

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) onTaken();
      else
        setError(
          failure instanceof ApiError && failure.status === 503 ? new Error(t('review.noIssuer', { detail: failure.message })) : failure,
        );
    } finally {
      setBusy(false);
    }
  };
  const needReason = () => {
    if (reason.trim() !== '') return false;
    setReasonMissing(true);
    return true;
  };
  const approveAs = (chosen: Colour, confirmGreener: boolean) =>
    run(async () => {
      try {
        const reply = await reviewApi.approve(a.id, { colour: chosen, ...(confirmGreener ? { confirmGreener } : {}) });
        onDecided(
          'proposal' in reply
            ? t('review.approveWaits', { name: a.fullName, colour: t(`colour.${chosen}`) })
            : t('review.approved', { name: a.fullName, colour: t(`colour.${chosen}`) }),
        );
      } catch (failure) {
        // The server found it greener than we did (the person's status changed meanwhile): ask, as for the rules.
        if (failure instanceof ApiError && failure.status === 409 && failure.field === 'confirmGreener') return setConfirmGreener(true);
        throw failure;
      }
    });
  // The floor: what the rules gave this declaration when it arrived (as the server checks), and the person's status in force.
  const floor = ruleFloor(a.ruleOutcome, a.declaration);
  const personColour = a.person?.status.colour;
  const greener = (c: Colour) => isGreenerThan(c, floor) || (personColour !== undefined && isGreenerThan(c, personColour));
  const approve = () => {
    if (colour === '') return setColourMissing(true);
    if (greener(colour)) return setConfirmGreener(true);
    void approveAs(colour, false);
  };
  const declared = (['symptoms', 'travel', 'contact'] as const).filter((item) => a.declaration[item]);
  const declaredText =
    declared.length === 0
      ? t('review.declaredNothing')
      : t('review.declaredSummary', { items: declared.map((item) => t(`review.${item}`)).join(t('review.listSeparator')) });
  const reasonBox = (label: string) => (
    <>
      <label>
        {label}
        <textarea
          name={`reason-${id}`}
          rows={2}
          maxLength={500}
          value={reason}
          aria-invalid={reasonMissing && reason.trim() === ''}
          aria-describedby={reasonMissing ? `reason-help-${id}` : undefined}
          onInput={(e) => {
            setReason(e.currentTarget.value);
            setConfirmRevoke(false);
          }}
        />
      </label>
      {reasonMissing && reason.trim() === '' && (
        <p id={`reason-help-${id}`} class="notice notice-error" role="alert">
          {t('review.reasonNeeded')}
        </p>
      )}
    </>
  );
  const reject = () => {
    if (needReason()) return;
    void run(async () => {
      await reviewApi.reject(a.id, reason.trim());
      onDecided(t('review.rejected', { name: a.fullName }));
    });
  };
  const revoke = () => {
    if (needReason()) return;
    if (!confirmRevoke) return setConfirmRevoke(true);
    void run(async () => {
      await reviewApi.revoke(a.id, reason.trim());
      onDecided(t('review.revoked', { name: a.fullName }));
    });
  };
  const paper = () => run(async () => onPaper(await reviewApi.paperCode(a.id)));
  const changeColour = () =>
    run(async () => {
      const reply = await reviewApi.changeColour(a.id, newColour);
      onDecided(
        'proposal' in reply
          ? t('review.approveWaits', { name: a.fullName, colour: t(`colour.${newColour}`) })
          : t('review.colourChanged', { name: a.fullName, colour: t(`colour.${newColour}`) }),
      );
    });

  return (
    <article class="panel review-card" aria-labelledby={`app-${id}`} data-application={a.id}>
      <h3 id={`app-${id}`}>{t('review.applicationOf', { name: a.fullName })}</h3>
      {a.duplicate && (
        <p class="notice review-duplicate" data-testid="duplicate">
          {t('review.duplicate')}
        </p>
      )}
      <dl class="review-facts">
        <dt>{t('review.fullName')}</dt>
        <dd>{a.fullName}</dd>
        <dt>{t('review.idDocument')}</dt>
        <dd>
          {t(`review.idType.${a.idType}`)} <span class="review-id">{a.idNumber}</span>
        </dd>
        <dt>{t('review.region')}</dt>
        <dd>
          <RegionName code={a.region} />
        </dd>
        <dt>{t('review.phone')}</dt>
        <dd>{a.phone || t('review.noPhone')}</dd>
        <dt>{t('review.relation')}</dt>
        <dd>{t(`review.relation.${a.relation}`)}</dd>
        <dt>{t('review.submitted')}</dt>
        <dd>{dateTime(a.submittedAt)}</dd>
        <dt>{t('review.ruleSaid')}</dt>
        <dd>{t(`review.outcome.${a.ruleOutcome}`)}</dd>
      </dl>
      <table class="review-declaration">
        <caption>{t('review.declaration')}</caption>
        <tbody>
          {(['symptoms', 'travel', 'contact'] as const).map((item) => (
            <tr key={item}>
              <th scope="row">{t(`review.${item}`)}</th>
              <td class={a.declaration[item] ? 'review-yes' : undefined}>{yesNo(a.declaration[item])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a.decisions.length > 0 && (
        <div class="review-history" data-testid="review-history">
          <p class="review-history-title">{t('review.decision')}</p>
          <ol>
            {a.decisions.map((d, i) => {
              const action =
                d.colour && d.action !== 'rule_approve'
                  ? t('review.historyColour', { action: t(`review.action.${d.action}`), colour: t(`colour.${d.colour}`) })
                  : t(`review.action.${d.action}`);
              return (
                <li key={i}>
                  {d.action === 'rule_approve'
                    ? t('review.decidedByRule', { colour: t(`colour.${d.colour ?? 'green'}`), when: dateTime(d.at) })
                    : t('review.decidedByReviewer', { action, reviewer: reviewerName(d.reviewer, d.reviewerName), when: dateTime(d.at) })}
                  {d.reason ? ` — ${d.reason}` : ''}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {a.person && <PersonBeside person={a.person} />}
      {a.code && (
        <p data-testid="current-code">
          {t('review.code', { colour: t(`colour.${a.currentStatus ?? a.code.colour}`), until: dateTime(a.code.expiresAt * 1000) })}
        </p>
      )}

      {a.state === 'pending' && (
        <div class="review-decide">
          <fieldset class="review-choice" data-testid="approve-group">
            <legend>{t('review.approveTitle')}</legend>
            <div class="actions">
              <SelectField
                label={t('review.colour')}
                name={`colour-${id}`}
                value={colour}
                onChange={(next) => {
                  setColour(next);
                  setConfirmGreener(false);
                }}
                options={[['', t('review.colourChoose')] as const, ...COLOURS.map((c) => [c, t(`colour.${c}`)] as const)]}
              />
              <button type="button" disabled={busy} onClick={approve}>
                {t('review.approve')}
              </button>
            </div>
            <p class="review-beside" data-testid="approve-beside">
              {colour && <span class={`review-chip review-chip-${colour}`}>{t(`colour.${colour}`)}</span>}
              {declaredText}
            </p>
            {colourMissing && colour === '' && (
              <p class="notice notice-error" role="alert">
                {t('review.colourNeeded')}
              </p>
            )}
            {confirmGreener && colour !== '' && (
              <div role="alert" class="notice review-greener">
                <p>
                  {t('review.greenerConfirm', {
                    declared: declaredText,
                    rule: t(`review.outcome.${a.ruleOutcome}`),
                    colour: t(`colour.${colour}`),
                    name: a.fullName,
                  })}
                </p>
                <div class="actions">
                  <button type="button" disabled={busy} onClick={() => approveAs(colour, true)}>
                    {t('review.approveAnyway', { colour: t(`colour.${colour}`) })}
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirmGreener(false)}>
                    {t('review.back')}
                  </button>
                </div>
              </div>
            )}
          </fieldset>
          <fieldset class="review-choice review-choice-danger" data-testid="reject-group">
            <legend>{t('review.rejectTitle')}</legend>
            {reasonBox(t('review.reason'))}
            <div class="actions">
              <button type="button" class="danger" disabled={busy} onClick={reject}>
                {t('review.reject')}
              </button>
            </div>
          </fieldset>
        </div>
      )}
      {a.state === 'approved' && (
        <div class="review-decide">
          <fieldset class="review-choice">
            <legend>{t('review.changeColour')}</legend>
            <div class="actions">
              <SelectField
                label={t('review.newColour')}
                name={`new-colour-${id}`}
                value={newColour}
                onChange={setNewColour}
                options={COLOURS.map((c) => [c, t(`colour.${c}`)] as const)}
              />
              <button type="button" disabled={busy} onClick={changeColour}>
                {t('review.changeColour')}
              </button>
            </div>
          </fieldset>
          <fieldset class="review-choice review-choice-danger" data-testid="revoke-group">
            <legend>{t('review.revoke')}</legend>
            {reasonBox(t('review.revokeReason'))}
            {confirmRevoke && (
              <p role="alert" class="notice">
                {t('review.revokeConfirm', { name: a.fullName })}
              </p>
            )}
            <div class="actions">
              <button type="button" class="danger" disabled={busy} onClick={revoke}>
                {t('review.revoke')}
              </button>
            </div>
          </fieldset>
          <div class="actions">
            <button type="button" class="secondary" disabled={busy} onClick={paper}>
              {t('review.paper')}
            </button>
          </div>
        </div>
      )}
      <ErrorText error={error} />
    </article>
  );
}
