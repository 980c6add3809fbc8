// pages/users.jsx - the administrator's accounts: the list, a new account, and
// roles granted globally or in a region.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatDateTime, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { RecordForm, problemText } from '../form.jsx';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

const newUser = [
  { name: 'email', type: 'email', required: true, max: 254 },
  { name: 'display_name', type: 'text', required: true, max: 200 },
  { name: 'password', type: 'password', required: true, max: 128 },
];

export function UsersPage() {
  const [users, setUsers] = useState(null);
  const [regions, setRegions] = useState([]);
  const [error, setError] = useState(null);
  const [formKey, setFormKey] = useState(0);
  const title = t('users.title');
  usePageTitle(title);
  async function load() {
    try {
      const { data } = await api.get('/api/v1/users?limit=100');
      setUsers(data.items);
    } catch (e) {
      setError(problemText(e));
    }
  }
  useEffect(() => {
    load();
    api
      .get('/api/v1/regions?limit=100', { auth: false })
      .then(({ data }) => setRegions(data.items.map((r) => ({ value: r.slug, label: r.name }))))
      .catch(() => {});
  }, []);
  const grantFields = [
    { name: 'user', label: 'field.email', type: 'ref', required: true },
    { name: 'role', type: 'select', codes: 'role', required: true },
    { name: 'region', type: 'ref', showIf: (v) => v.role === 'coordinator' || v.role === 'region_viewer', required: true },
  ];
  return (
    <div>
      <h1>{title}</h1>
      {error && <Status kind="error">{error}</Status>}
      {!users && !error && <Loading />}
      {users && (
        <div class="table-wrap">
          <table>
            <caption>{t('list.count', { n: users.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.email')}</th>
                <th scope="col">{t('field.display_name')}</th>
                <th scope="col">{t('field.roles')}</th>
                <th scope="col">{t('field.memberships')}</th>
                <th scope="col">{t('field.disabled')}</th>
                <th scope="col">{t('field.updated_at')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>{u.display_name}</td>
                  <td>{(u.roles || []).map((r) => label('role', r)).join(', ')}</td>
                  <td>{(u.memberships || []).map((m) => `${m.region} (${label('role', m.role)})`).join(', ')}</td>
                  <td>{u.disabled ? t('list.yes') : t('list.no')}</td>
                  <td>{formatDateTime(u.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section class="panel" aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t('users.new')}</h2>
        <RecordForm
          key={`n${formKey}`}
          formId="new-user"
          fields={newUser}
          mode="create"
          submitLabel={t('users.new')}
          submit={({ body }) => api.post('/api/v1/users', body)}
          onSaved={() => {
            setFormKey((k) => k + 1);
            load();
          }}
        />
      </section>
      {users && (
        <section class="panel" aria-labelledby="grant-title">
          <h2 id="grant-title">{t('users.grant')}</h2>
          <RecordForm
            key={`g${formKey}`}
            formId="grant"
            fields={grantFields}
            mode="create"
            options={{ user: users.map((u) => ({ value: u.id, label: u.email })), region: regions }}
            submitLabel={t('users.grant')}
            submit={({ body }) =>
              api.post(`/api/v1/users/${encodeURIComponent(body.user)}/grants`, {
                role: body.role,
                ...(body.region ? { region: body.region } : {}),
              })
            }
            onSaved={() => {
              announce(t('users.granted'));
              setFormKey((k) => k + 1);
              load();
            }}
          />
        </section>
      )}
    </div>
  );
}
