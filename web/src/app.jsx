// app.jsx - the frame of every page: skip link, header with the navigation the
// caller's roles allow, the language switch, the page itself, the sign-in
// dialog for a session that ended, and the live region.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.js';
import { onLangChange, setLang, currentLang, t } from './i18n.js';
import { mountLiveRegion, announce } from './live.js';
import { focusHeading, location, match, navigate } from './router.js';
import { abilities, reauth, session, signIn, signOut } from './session.js';
import { useStore } from './store.js';
import { Home, NotFound, usePageTitle } from './pages/common.jsx';
import { regionRoutes, RegionNav } from './pages/region.jsx';
import { UsersPage } from './pages/users.jsx';
import { LibrarySearch, ProcessPage, ReviewQueue } from './pages/library.jsx';
import { BulletinsPage, NoticesInbox } from './pages/fai.jsx';
import { ownLibraryRoute } from './pages/process_own.jsx';
import { FAI_OWNER, mayWrite } from './process_owner.js';
import { DASHBOARDS, DashboardIndex, DashboardPage } from './pages/dashboards.jsx';
import { useRegionName } from './regions.js';

function RegionName({ slug }) {
  return useRegionName(slug);
}

/* The routes outside a region; region routes come from pages/region.jsx. */
function resolve(path, caller) {
  const can = abilities(caller);
  if (path === '/' || path === '') return { page: <Home caller={caller} /> };
  if (path === '/users' && can.admin) return { page: <UsersPage /> };
  if (path === '/bulletins') return { page: <BulletinsPage can={can} /> };
  if (path === '/notices' && (can.faiStaff || can.faiLead)) return { page: <NoticesInbox caller={caller} /> };
  if (path === '/library') return { page: <LibrarySearch can={can} /> };
  if (path === '/library/reviews' && (can.faiStaff || can.faiLead)) return { page: <ReviewQueue /> };
  if (path.startsWith(FAI_OWNER.home) && (can.faiStaff || can.faiLead)) {
    const own = ownLibraryRoute(path, FAI_OWNER.home, FAI_OWNER, mayWrite(FAI_OWNER, can));
    if (own) return { page: own };
  }
  const proc = match('/library/:key/versions/:n', path);
  if (proc && /^[1-9]\d{0,5}$/.test(proc.n)) return { page: <ProcessPage processKey={proc.key} version={Number(proc.n)} can={can} /> };
  if (can.dashboards) {
    if (path === '/dashboards') return { page: <DashboardIndex can={can} /> };
    const d = match('/dashboards/:name', path);
    if (d && DASHBOARDS.includes(d.name)) return { page: <DashboardPage name={d.name} can={can} /> };
  }
  const region = match('/regions/:region', path.split('/').slice(0, 3).join('/'));
  if (region && can.memberOf(region.region)) {
    const found = regionRoutes(path, region.region, can);
    if (found) return { page: found, region: region.region };
  }
  return { page: <NotFound /> };
}

function LanguageSwitch() {
  const other = currentLang() === 'de' ? 'en' : 'de';
  return (
    <button
      type="button"
      class="link lang"
      lang={other}
      aria-label={t('app.languageLabel')}
      onClick={() => setLang(other)}
    >
      {t('app.language')}
    </button>
  );
}

function Header({ caller }) {
  const can = abilities(caller);
  const { path } = useStore(location);
  const current = (href) => (path === href ? 'page' : undefined);
  return (
    <header class="site-header">
      <div class="brand">
        <a href="/" class="brand-name">
          {t('app.name')}
        </a>
        <span class="tagline">{t('app.tagline')}</span>
      </div>
      {caller && (
        <nav aria-label={t('app.nav')} class="main-nav">
          <ul>
            <li>
              <a href="/" aria-current={current('/')}>
                {t('app.home')}
              </a>
            </li>
            {can.regions.map((r) => (
              <li key={r}>
                <a href={`/regions/${encodeURIComponent(r)}`} aria-current={current(`/regions/${r}`)}>
                  <RegionName slug={r} />
                </a>
              </li>
            ))}
            <li>
              <a href="/library" aria-current={path.startsWith('/library') ? 'page' : undefined}>
                {t('app.library')}
              </a>
            </li>
            <li>
              <a href="/bulletins" aria-current={current('/bulletins')}>
                {t('app.bulletins')}
              </a>
            </li>
            {can.faiStaff && (
              <li>
                <a href={FAI_OWNER.home} aria-current={path.startsWith(FAI_OWNER.home) ? 'page' : undefined}>
                  {t('app.faiLibrary')}
                </a>
              </li>
            )}
            {(can.faiStaff || can.faiLead) && (
              <li>
                <a href="/notices" aria-current={current('/notices')}>
                  {t('app.inbox')}
                </a>
              </li>
            )}
            {can.dashboards && (
              <li>
                <a href="/dashboards" aria-current={path.startsWith('/dashboards') ? 'page' : undefined}>
                  {t('app.dashboards')}
                </a>
              </li>
            )}
            {can.admin && (
              <li>
                <a href="/users" aria-current={current('/users')}>
                  {t('app.users')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
      <div class="account">
        <LanguageSwitch />
        {caller && (
          <>
            <span class="who">{t('app.signedInAs', { name: caller.user.display_name })}</span>
            <button
              type="button"
              class="link"
              onClick={async () => {
                await signOut();
                announce(t('login.loggedOut'));
                navigate('/');
              }}
            >
              {t('app.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}

/* The sign-in form, as a page and inside the dialog. */
export function LoginForm({ idPrefix, onDone, autoFocus }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const errRef = useRef(null);
  useEffect(() => {
    if (error && errRef.current) errRef.current.focus();
  }, [error]);
  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      setPassword('');
      onDone && onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('login.throttled', { n: err.retryAfter || 30 }));
      else if (err instanceof ApiError && err.status === 401) setError(t('login.failed'));
      else if (err instanceof ApiError && err.status === 400) setError(t('login.failed'));
      else setError(t('form.network'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="login-form" onSubmit={submit} noValidate aria-busy={busy ? 'true' : 'false'}>
      {error && (
        <div class="status status-error" role="alert" tabindex="-1" ref={errRef}>
          {error}
        </div>
      )}
      <div class="field">
        <label for={`${idPrefix}-email`}>{t('login.email')}</label>
        <input
          id={`${idPrefix}-email`}
          type="email"
          autocomplete="username"
          required
          value={email}
          autoFocus={autoFocus}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${idPrefix}-password`}>{t('login.password')}</label>
        <input
          id={`${idPrefix}-password`}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <div class="buttons">
        <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </div>
    </form>
  );
}

function LoginPage() {
  usePageTitle(t('login.title'));
  return (
    <div class="narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <LoginForm idPrefix="login" />
    </div>
  );
}

/*
 * The session ended while a page was open: a modal dialog over the page. The
 * page stays mounted underneath, so its forms keep their values; after the
 * sign-in the request that met the 401 is sent again (api.js).
 */
function ReauthDialog() {
  const pending = useStore(reauth);
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (pending && !d.open) d.showModal();
    if (!pending && d.open) d.close();
  }, [pending]);
  return (
    <dialog
      ref={ref}
      class="reauth"
      aria-labelledby="reauth-title"
      onCancel={(e) => {
        e.preventDefault();
        pending && pending.reject();
      }}
    >
      {pending && (
        <>
          <h2 id="reauth-title">{t('login.again')}</h2>
          <p>{t('login.againIntro')}</p>
          <LoginForm idPrefix="reauth" autoFocus onDone={() => pending.resolve()} />
          <button type="button" class="link" onClick={() => pending.reject()}>
            {t('login.cancel')}
          </button>
        </>
      )}
    </dialog>
  );
}

export function App() {
  const { state, caller } = useStore(session);
  const loc = useStore(location);
  const [, setLangTick] = useState(0);
  const liveRef = useRef(null);
  useEffect(() => onLangChange(() => setLangTick((n) => n + 1)), []);
  useEffect(() => mountLiveRegion(liveRef.current), []);
  useEffect(() => focusHeading(), [loc.path, loc.search, state]);

  let content;
  let region = null;
  if (state === 'loading') content = <p role="status">{t('app.loading')}</p>;
  else if (state === 'anonymous') content = <LoginPage />;
  else {
    const r = resolve(loc.path, caller);
    content = r.page;
    region = r.region;
  }

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header caller={caller} />
      <div class={region ? 'layout with-sidebar' : 'layout'}>
        {region && <RegionNav region={region} caller={caller} />}
        <main id="main" tabindex="-1">
          <div key={loc.path}>{content}</div>
        </main>
      </div>
      <ReauthDialog />
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" ref={liveRef} />
    </>
  );
}
