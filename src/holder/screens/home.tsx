/** The start screen: each person on this device with where their application stands. */
import { standing } from '../logic/code-state.ts';
import { TopBar } from '../components/top-bar.tsx';
import type { ScreenProps } from './screen.ts';

export function HomeScreen(props: ScreenProps) {
  const { i18n, state, go } = props;
  const t = i18n.t;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const self = state.people.find((p) => p.relation === 'self');
  const showable = state.people.filter((p) => ['green', 'yellow', 'red'].includes(standing(p.view, nowSeconds)));
  return (
    <div class="screen home">
      <TopBar {...props} title={t('app.title')} />
      <main>
        {state.people.length === 0 ? <p class="lead">{t('home.empty')}</p> : null}
        {state.people.length > 0 ? (
          <section aria-labelledby="people-title">
            <h2 id="people-title">{t('home.people')}</h2>
            <ul class="people">
              {state.people.map((person) => {
                const now = standing(person.view, nowSeconds);
                const canShow = now === 'green' || now === 'yellow' || now === 'red';
                return (
                  <li key={person.id} class="person" data-person={person.id} data-standing={now}>
                    <div class="person-head">
                      <span class="person-name">{person.name}</span>
                      <span class="person-relation">{t(`relation.${person.relation}`)}</span>
                    </div>
                    <p class={`badge badge-${now}`} data-standing-word>
                      {t(`standing.${now}`)}
                    </p>
                    <div class="row">
                      {canShow ? (
                        <button type="button" class="button primary" data-action="show" onClick={() => go({ name: 'show', id: person.id })}>
                          {t('home.show')}
                        </button>
                      ) : null}
                      <button type="button" class="button" data-action="details" onClick={() => go({ name: 'person', id: person.id })}>
                        {t('home.details')}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ) : null}
        {showable.length > 1 ? (
          <button type="button" class="button primary wide" data-action="show-all" onClick={() => go({ name: 'group' })}>
            {t('home.showAll')}
          </button>
        ) : null}
        {self ? null : (
          <button type="button" class="button primary wide" data-action="apply" onClick={() => go({ name: 'apply', relation: 'self' })}>
            {t('home.apply')}
          </button>
        )}
        <button type="button" class="button wide" data-action="add-member" onClick={() => go({ name: 'apply', relation: 'parent' })}>
          {t('home.addMember')}
        </button>
        <p class="hint">{t('home.memberHint')}</p>
        <button type="button" class="link" data-action="privacy" onClick={() => go({ name: 'privacy' })}>
          {t('home.privacy')}
        </button>
      </main>
    </div>
  );
}
