// pages/common.jsx - the start page, the "not found" page and the page title.
import { useLayoutEffect } from 'preact/hooks';
import { label, t } from '../i18n.js';
import { useRegionName } from '../regions.js';

function RegionName({ slug }) {
  return useRegionName(slug);
}

/*
 * document.title follows the page's heading (WCAG 2.4.2); set before the page
 * is painted, so the title never lags behind the heading that is shown.
 */
export function usePageTitle(text) {
  useLayoutEffect(() => {
    document.title = text ? `${text} – Lotse` : 'Lotse';
  }, [text]);
}

/*
 * The one answer for a page that does not exist and for one the caller may
 * not see (another region's record): the same words, the same title, so the
 * page gives away nothing about what exists.
 */
export function NotFound() {
  usePageTitle(t('notFound.title'));
  return (
    <div class="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </div>
  );
}

export function Home({ caller }) {
  const name = caller.user.display_name;
  usePageTitle(t('home.title', { name }));
  const roles = caller.roles || [];
  return (
    <div>
      <h1>{t('home.title', { name })}</h1>
      <section aria-labelledby="home-regions">
        <h2 id="home-regions">{t('home.regions')}</h2>
        {caller.memberships.length === 0 ? (
          <p>{t('home.none')}</p>
        ) : (
          <ul class="cards">
            {caller.memberships.map((m) => (
              <li key={m.region} class="card">
                <a href={`/regions/${encodeURIComponent(m.region)}`}>
                  <RegionName slug={m.region} />
                </a>
                <span class="muted"> – {label('role', m.role)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {roles.length > 0 && (
        <section aria-labelledby="home-roles">
          <h2 id="home-roles">{t('home.roles')}</h2>
          <ul>
            {roles.map((r) => (
              <li key={r}>{label('role', r)}</li>
            ))}
          </ul>
          <p>{t('home.fai')}</p>
        </section>
      )}
    </div>
  );
}
