/**
 * "This is wrong" (issue 14, the 纠错 of GB/T 38963): the holder says in a few words why the
 * colour is wrong; it enters the review queue as a correction, and a reviewer answers (keep or
 * change, with a reply shown here). Read live: with no connection the screen says so and keeps
 * nothing stale.
 */
import { useEffect, useState } from 'preact/hooks';
import type { HolderCorrection } from '../../core/api/holder.ts';
import { SAFE_LINE } from '../logic/application-form.ts';
import type { ScreenProps } from './screen.ts';

const MAX_TEXT = 500;

export function ContestStatus({
  i18n,
  service,
  personId,
  open,
}: Pick<ScreenProps, 'i18n' | 'service'> & { personId: string; open: boolean }) {
  const { t, dateTime } = i18n;
  const [list, setList] = useState<HolderCorrection[] | null>(null);
  const [offline, setOffline] = useState(false);
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    void service.corrections(personId).then((result) => {
      if (!current) return;
      setOffline(!result.ok && result.kind === 'offline');
      setList(result.ok ? result.value.corrections : []);
    });
    return () => {
      current = false;
    };
  }, [personId, round]);

  const send = async (event: Event) => {
    event.preventDefault();
    const words = text.trim();
    // Multi-line text may hold line breaks and tabs; every other control character is refused, as by the server.
    if (words === '') return setProblem(t('problem.required'));
    if (!SAFE_LINE.test(words.replace(/[\n\t]/g, ' '))) return setProblem(t('problem.bad_characters'));
    setSending(true);
    setProblem(null);
    const sent = await service.sendCorrection(personId, words);
    setSending(false);
    if (!sent.ok) return setProblem(sent.kind === 'offline' ? t('contest.offline') : t('contest.refused'));
    setWriting(false);
    setText('');
    setRound((r) => r + 1);
  };
  const hasOpen = open || (list ?? []).some((c) => c.state === 'open');

  return (
    <section class="status-card contest" aria-labelledby="contest-title" data-testid="contest">
      <h2 id="contest-title">{t('contest.title')}</h2>
      {list === null ? <p class="hint">{t('common.loading')}</p> : null}
      {offline ? <p class="hint">{t('contest.offline')}</p> : null}
      {list && list.length > 0 ? (
        <ol class="corrections">
          {list.map((c) => (
            <li key={c.id} data-state={c.state}>
              <p class="hint">{t('contest.youWrote', { time: dateTime(c.createdAt) })}</p>
              <blockquote class="said" dir="auto">
                {c.text}
              </blockquote>
              <p class="answer-state">{t(`contest.state.${c.state}`)}</p>
              {c.reply ? (
                <blockquote class="said reply" dir="auto">
                  {c.reply}
                </blockquote>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {hasOpen ? (
        <p class="hint">{t('contest.waiting')}</p>
      ) : writing ? (
        <form onSubmit={send}>
          <label class="field">
            {t('contest.label')}
            <textarea
              name="correction"
              rows={4}
              maxLength={MAX_TEXT}
              value={text}
              dir="auto"
              aria-invalid={problem !== null}
              aria-describedby="contest-help"
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </label>
          <p id="contest-help" class="hint">
            {t('contest.help')}
          </p>
          {problem ? (
            <p class="problem" role="alert">
              {problem}
            </p>
          ) : null}
          <div class="row">
            <button type="submit" class="button primary" disabled={sending}>
              {sending ? t('apply.sending') : t('contest.send')}
            </button>
            <button type="button" class="button" onClick={() => setWriting(false)}>
              {t('apply.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" class="button wide" data-action="contest" onClick={() => setWriting(true)}>
          {t('contest.start')}
        </button>
      )}
    </section>
  );
}
