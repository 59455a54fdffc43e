/**
 * Show my code: the whole screen, the colour as a frame and a word, the masked name as the
 * code prints it, a live clock and a moving bar, the QR re-signed every 20 s and drawn as
 * large as the screen allows with its full quiet zone, and a hint to turn the brightness up.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PersonRecord } from '../storage/db.ts';
import { codeState } from '../logic/code-state.ts';
import { FRAME_SIDE, groupLayout } from '../logic/group-layout.ts';
import { LiveClock } from '../components/live-clock.tsx';
import { QrCode } from '../components/qr-code.tsx';
import { usePresentation, useWakeLock } from '../components/use-presentation.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { ScreenProps } from './screen.ts';

function useViewport(): { width: number; height: number } {
  const read = () => ({ width: document.documentElement.clientWidth || innerWidth, height: innerHeight });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);
  return size;
}

export function CodeCard(props: {
  person: PersonRecord;
  i18n: I18n;
  signer: ScreenProps['service']['key']['signer'];
  maxCss: number;
  compact?: boolean;
}) {
  const { person, i18n } = props;
  const t = i18n.t;
  const state = codeState(person.view, Math.floor(Date.now() / 1000));
  const text = usePresentation(state.kind === 'show' ? state.code.bytes : null, props.signer);
  if (state.kind !== 'show') {
    return (
      <section class="code-card none" data-code-none={state.why}>
        <p>{t('show.none')}</p>
      </section>
    );
  }
  const colourWord = t(`show.colour.${state.colour}`);
  return (
    <section
      class={`code-card colour-${state.colour}${props.compact ? ' compact' : ''}`}
      data-colour={state.colour}
      data-person={person.id}
      aria-label={t('show.qrLabel', { name: state.code.maskedName })}
    >
      {props.compact ? (
        // One line in a group (colour, then name), so the codes keep the height.
        <h2 class="code-word">
          <strong>{colourWord}</strong>{' '}
          <span class="code-name" dir="auto">
            {state.code.maskedName}
          </span>
        </h2>
      ) : (
        <>
          <h1 class="code-word">
            <span class="code-kind">{t('show.kind')}</span> <strong>{colourWord}</strong>
          </h1>
          <p class="code-name" dir="auto">
            {state.code.maskedName}
          </p>
        </>
      )}
      {state.changed ? (
        <p class="code-changed" role="status">
          {t('show.changed', { colour: colourWord })}
        </p>
      ) : null}
      <div class="qr-box">
        {text ? <QrCode text={text} maxCss={props.maxCss} label={t('show.qrLabel', { name: state.code.maskedName })} /> : null}
      </div>
      <p class="code-meta">
        {t('show.hint', { hint: state.code.hint })}
        {props.compact ? null : (
          <>
            {' · '}
            {t('show.validUntil', { time: i18n.dateTime(state.code.expiresAt * 1000) })}
          </>
        )}
      </p>
    </section>
  );
}

export function ShowScreen(props: ScreenProps & { id: string }) {
  const { i18n, state, go, service } = props;
  const t = i18n.t;
  useWakeLock();
  const viewport = useViewport();
  const person = state.people.find((p) => p.id === props.id);
  // Removed (or never here): back to the list, after this render.
  useEffect(() => {
    if (!person) go({ name: 'home' });
  }, [person === undefined]);
  if (!person) return null;
  const colour = codeState(person.view, Math.floor(Date.now() / 1000));
  // The colour frame at the sides is thin (styles.css .code-frame), so the QR gets the width.
  const qrMax = Math.min(viewport.width - 2 * FRAME_SIDE, viewport.height * 0.62);
  return (
    <div class={`screen show code-frame frame-${colour.kind === 'show' ? colour.colour : 'none'}`} data-screen="show">
      <main>
        <CodeCard person={person} i18n={i18n} signer={service.key.signer} maxCss={qrMax} />
        <LiveClock i18n={i18n} />
        <p class="brightness">{t('show.brightness')}</p>
        <p class="hint">{t('show.live')}</p>
        <button type="button" class="button close" onClick={() => go({ name: 'home' })}>
          {t('show.close')}
        </button>
      </main>
    </div>
  );
}

/** First-render guesses of what the group screen measures (390x844, English); corrected before paint. */
const GUESS = { above: 130, cardChrome: 70 };

export function GroupScreen(props: ScreenProps) {
  const { i18n, state, go, service } = props;
  const t = i18n.t;
  useWakeLock();
  const viewport = useViewport();
  const now = Math.floor(Date.now() / 1000);
  const people = state.people.filter((p) => codeState(p.view, now).kind === 'show');
  // What sits above the codes and round each QR, measured once drawn (fonts and languages
  // differ), so every code is in view without scrolling: the scanner must see them together.
  const grid = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState(GUESS);
  // A few corrections at most: a card's text may wrap differently at the corrected width.
  const corrections = useRef(0);
  useLayoutEffect(() => {
    const element = grid.current;
    const card = element?.querySelector('.code-card');
    const qr = card?.querySelector('.qr-box');
    if (!element || !card || !qr || corrections.current >= 3) return;
    const above = Math.ceil(element.getBoundingClientRect().top + scrollY);
    const cardChrome = Math.ceil(card.getBoundingClientRect().height - qr.getBoundingClientRect().height);
    if (above === measured.above && cardChrome === measured.cardChrome) return;
    corrections.current++;
    setMeasured({ above, cardChrome });
  });
  useEffect(() => {
    corrections.current = 0; // a new size or another family: measure again
  }, [viewport.width, viewport.height, people.length]);
  const layout = groupLayout({ count: people.length, width: viewport.width, height: viewport.height, ...measured });
  return (
    <div class="screen show group code-frame frame-group" data-screen="group">
      <main>
        <h1 class="group-title">{t('show.groupTitle', { count: people.length })}</h1>
        <LiveClock i18n={i18n} />
        <div ref={grid} class={`group-grid cols-${layout.columns}`} data-columns={layout.columns}>
          {people.map((person) => (
            <CodeCard key={person.id} person={person} i18n={i18n} signer={service.key.signer} maxCss={layout.qrCss} compact />
          ))}
        </div>
        <p class="brightness">{t('show.groupHint')}</p>
        <p class="hint">{t('show.groupDistance')}</p>
        <button type="button" class="button close" onClick={() => go({ name: 'home' })}>
          {t('show.close')}
        </button>
      </main>
    </div>
  );
}
