/** One application: where it stands (pending, approved, rejected with the reason, revoked), and its code. */
import { useEffect } from 'preact/hooks';
import { codeState } from '../logic/code-state.ts';
import { TopBar } from '../components/top-bar.tsx';
import { ContestStatus } from './person-contest.tsx';
import { MyScans } from './person-scans.tsx';
import { StatusWhy } from './person-why.tsx';
import type { ScreenProps } from './screen.ts';

export function PersonScreen(props: ScreenProps & { id: string }) {
  const { i18n, service, state, go } = props;
  const t = i18n.t;
  const person = state.people.find((p) => p.id === props.id);
  useEffect(() => {
    if (person) void service.refresh(person.id);
  }, [props.id]);
  // Removed (or never here): back to the list, after this render.
  useEffect(() => {
    if (!person) go({ name: 'home' });
  }, [person === undefined]);
  if (!person) return null;
  const view = person.view;
  const code = codeState(view, Math.floor(Date.now() / 1000));
  const checking = state.checking.has(person.id);
  let message: string;
  if (view.state === 'pending') message = t('status.pending');
  else if (view.state === 'rejected') message = view.rejectReason ? t('status.rejected') : t('status.rejectedNoReason');
  else if (code.kind === 'none' && code.why === 'revoked') message = t('status.revoked');
  else if (code.kind === 'none' && code.why === 'expired') message = t('status.expired');
  else message = view.decidedBy === 'reviewer' ? t('status.approvedReviewer') : t('status.approvedRule');
  const word = code.kind === 'show' ? t(`standing.${code.colour}`) : t(`standing.${code.why === 'no_code' ? 'pending' : code.why}`);

  return (
    <div class="screen application">
      <TopBar {...props} back title={t('status.title', { name: person.name })} />
      <main>
        <section class="status-card" data-application-state={view.state} data-decided-by={view.decidedBy ?? ''}>
          <p class={`badge badge-${code.kind === 'show' ? code.colour : code.why}`}>{word}</p>
          <div class="status-message" role="status">
            <p>{message}</p>
            {/* The reviewer's own words, in their own direction (a Latin reason in Arabic). */}
            {view.state === 'rejected' && view.rejectReason ? (
              <blockquote class="reason" dir="auto">
                {view.rejectReason}
              </blockquote>
            ) : null}
          </div>
          <ul class="facts">
            <li>{t(`relation.${person.relation}`)}</li>
            <li>{t('status.submitted', { time: i18n.dateTime(view.submittedAt) })}</li>
            {code.kind === 'show' ? <li>{t('status.validUntil', { time: i18n.dateTime(code.code.expiresAt * 1000) })}</li> : null}
            <li>{t('status.checked', { time: i18n.dateTime(person.checkedAt) })}</li>
          </ul>
        </section>
        <div class="row">
          {code.kind === 'show' ? (
            <button type="button" class="button primary" data-action="show" onClick={() => go({ name: 'show', id: person.id })}>
              {t('home.show')}
            </button>
          ) : null}
          <button type="button" class="button" disabled={checking} onClick={() => void service.refresh(person.id)}>
            {checking ? t('status.checking') : t('status.refresh')}
          </button>
        </div>
        {view.state === 'approved' && view.status ? <StatusWhy status={view.status} i18n={i18n} /> : null}
        {view.state === 'approved' && view.status ? (
          <ContestStatus i18n={i18n} service={service} personId={person.id} open={view.status.correctionOpen} />
        ) : null}
        {view.state === 'approved' || view.state === 'revoked' ? <MyScans i18n={i18n} service={service} personId={person.id} /> : null}
        {view.state === 'rejected' || (code.kind === 'none' && code.why === 'revoked') ? (
          <button type="button" class="button wide" onClick={() => go({ name: 'apply', relation: person.relation })}>
            {t('status.applyAgain')}
          </button>
        ) : null}
        <button
          type="button"
          class="link danger"
          onClick={() => {
            if (confirm(t('status.removeConfirm', { name: person.name }))) void service.remove(person.id).then(() => go({ name: 'home' }));
          }}
        >
          {t('status.remove')}
        </button>
      </main>
    </div>
  );
}
