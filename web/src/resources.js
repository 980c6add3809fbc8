// resources.js - the region's records as the forms and lists show them: their
// fields with the API's rules (docs/openapi.yaml), list columns and filters.
import { countryName, formatDate, formatDateTime, label, t } from './i18n.js';

const dateCol = (name) => ({ name, render: (i) => formatDate(i[name]) });
const codeCol = (name, kind) => ({ name, render: (i) => label(kind, i[name]) });
const codesCol = (name, kind) => ({ name, render: (i) => (i[name] || []).map((c) => label(kind, c)).join(', ') });
const boolCol = (name) => ({ name, render: (i) => (i[name] ? t('list.yes') : t('list.no')) });

export const measure = {
  key: 'measures',
  one: 'measures.one',
  fields: [
    { name: 'title', type: 'text', required: true, max: 200 },
    { name: 'category', type: 'select', codes: 'measureCategory', required: true },
    { name: 'status', type: 'select', codes: 'measureStatus' },
    { name: 'planned_from', type: 'date' },
    { name: 'planned_to', type: 'date', notBefore: 'planned_from' },
    { name: 'owner', type: 'text', max: 200, nullable: true },
    { name: 'description', type: 'textarea', max: 20000 },
  ],
  columns: [
    { name: 'title' },
    codeCol('category', 'measureCategory'),
    codeCol('status', 'measureStatus'),
    dateCol('planned_from'),
    dateCol('planned_to'),
    { name: 'owner' },
  ],
  filters: [
    { name: 'status', type: 'select', codes: 'measureStatus' },
    { name: 'category', type: 'select', codes: 'measureCategory' },
  ],
  csv: false,
};

export const progressNote = {
  fields: [
    { name: 'noted_on', type: 'date', required: true },
    { name: 'note', type: 'textarea', required: true, max: 5000, rows: 3 },
  ],
};

export const profile = {
  fields: [
    { name: 'strengths', type: 'lines', max: 200, maxItems: 30 },
    { name: 'challenges', type: 'checks', codes: 'challenge' },
    { name: 'challenges_note', type: 'textarea', max: 5000 },
    { name: 'existing_structures', type: 'lines', max: 200, maxItems: 30 },
    { name: 'support_needs', type: 'checks', codes: 'supportNeed' },
  ],
};

export const contact = {
  key: 'contacts',
  one: 'contacts.one',
  fields: [
    { name: 'name', type: 'text', required: true, max: 200 },
    { name: 'role', type: 'select', codes: 'contactRole', required: true },
    { name: 'organisation', type: 'text', max: 200 },
    { name: 'function', type: 'text', max: 200 },
    { name: 'email', type: 'email', max: 254, nullable: true },
    { name: 'phone', type: 'text', max: 50 },
  ],
  columns: [
    { name: 'name' },
    codeCol('role', 'contactRole'),
    { name: 'organisation' },
    { name: 'consent', render: (i) => (i.has_consent ? t('list.yes') : t('list.no')) },
  ],
  filters: [],
  csv: true,
};

export const consent = {
  fields: [
    { name: 'given_by', type: 'text', required: true, max: 200 },
    { name: 'how', type: 'select', codes: 'consentHow', required: true },
    { name: 'given_at', type: 'date', notFuture: true },
  ],
};

export const offer = {
  key: 'offers',
  one: 'offers.one',
  fields: [
    { name: 'title', type: 'text', required: true, max: 200 },
    { name: 'provider', type: 'select', codes: 'offerProvider', required: true },
    { name: 'provider_name', type: 'text', max: 200 },
    { name: 'url', type: 'url', required: true, max: 2000 },
    { name: 'topics', type: 'checks', codes: 'offerTopic', maxItems: 10 },
    { name: 'contact_id', type: 'ref' },
  ],
  columns: [
    { name: 'title' },
    codeCol('provider', 'offerProvider'),
    codesCol('topics', 'offerTopic'),
    boolCol('published'),
  ],
  filters: [{ name: 'published', type: 'select', codes: 'bool' }],
  csv: true,
};

const JOINT_KINDS = ['event', 'workshop', 'network_meeting'];
export const isJointEvent = (a) => a && a.joint && JOINT_KINDS.includes(a.kind);

export const activity = {
  key: 'activities',
  one: 'activities.one',
  fields: [
    { name: 'title', type: 'text', required: true, max: 200 },
    { name: 'kind', type: 'select', codes: 'activityKind', required: true },
    { name: 'starts_on', type: 'date', required: true },
    { name: 'ends_on', type: 'date', notBefore: 'starts_on' },
    { name: 'topics', type: 'checks', codes: 'activityTopic', maxItems: 7 },
    { name: 'joint', type: 'bool' },
    { name: 'speaker_referred_by_fai', type: 'bool' },
    { name: 'high_profile', type: 'bool' },
    { name: 'statewide_fai', type: 'bool' },
    { name: 'description', type: 'textarea', max: 20000 },
  ],
  columns: [
    { name: 'title' },
    codeCol('kind', 'activityKind'),
    dateCol('starts_on'),
    boolCol('joint'),
    {
      name: 'notice',
      render: (i) =>
        i.notice
          ? `${formatDateTime(i.notice.sent_at)} (${i.notice.lead_time_days} d${i.notice.late ? ', ' + t('field.late') : ''})`
          : '–',
    },
  ],
  filters: [
    { name: 'kind', type: 'select', codes: 'activityKind' },
    { name: 'from', type: 'date' },
    { name: 'to', type: 'date' },
    { name: 'joint', type: 'select', codes: 'bool' },
  ],
  csv: true,
};

export const costSplit = {
  fields: [
    { name: 'estimated_cost_cents', type: 'euro', required: true },
    { name: 'region_share_basis_points', type: 'percent', required: true },
    { name: 'fai_share_basis_points', type: 'percent', required: true },
    { name: 'agreed_on', type: 'date', required: true, notFuture: true },
    { name: 'late_agreement', type: 'bool' },
    { name: 'late_reason', type: 'textarea', max: 2000, nullable: true, rows: 2, showIf: (v) => v.late_agreement },
  ],
};

export const participant = {
  fields: [
    { name: 'name', type: 'text', required: true, max: 200 },
    { name: 'email', type: 'email', max: 254, nullable: true },
    { name: 'organisation', type: 'text', max: 200 },
    { name: 'participated_on', type: 'date', required: true, notFuture: true },
    { name: 'attendance_confirmed_by', type: 'select', codes: 'attendance', required: true },
    { name: 'information_given_on', type: 'date', required: true, notFuture: true },
    { name: 'information_how', type: 'select', codes: 'informationHow', required: true },
    { name: 'esf_reporting_consent', type: 'bool' },
    { name: 'retain_until', type: 'date', notPast: true },
  ],
  columns: [
    { name: 'name' },
    { name: 'organisation' },
    dateCol('participated_on'),
    codeCol('attendance_confirmed_by', 'attendance'),
    boolCol('esf_reporting_consent'),
    dateCol('retain_until'),
  ],
};

export const inquiry = {
  key: 'inquiries',
  one: 'inquiries.one',
  fields: [
    { name: 'received_on', type: 'date', required: true, notFuture: true },
    { name: 'channel', type: 'radio', codes: 'channel', required: true },
    { name: 'company_id', type: 'ref' },
    { name: 'company_name', type: 'text', max: 200, createOnly: true, showIf: (v) => !v.company_id },
    {
      name: 'company_location',
      type: 'text',
      max: 200,
      createOnly: true,
      showIf: (v) => !v.company_id,
    },
    { name: 'size_class', type: 'select', codes: 'sizeClass', showIf: (v) => !v.company_id },
    { name: 'sector', type: 'select', codes: 'sector', showIf: (v) => !v.company_id },
    { name: 'topics', type: 'checks', codes: 'offerTopic', maxItems: 10 },
    { name: 'target_countries', type: 'countries', maxItems: 50 },
    { name: 'occupation', type: 'text', max: 200 },
    { name: 'outcome', type: 'select', codes: 'outcome' },
    { name: 'offer_id', type: 'ref' },
    { name: 'follow_up_on', type: 'date', notBefore: 'received_on' },
    { name: 'obstacle_ids', type: 'refs' },
    { name: 'notes', type: 'textarea', max: 5000, rows: 3 },
  ],
  rules: (v) => ({
    offer_id: v.outcome === 'referred' && !v.offer_id ? { key: 'msg.required', live: true } : null,
  }),
  columns: [
    dateCol('received_on'),
    codeCol('channel', 'channel'),
    { name: 'company', render: (i) => (i.company ? i.company.name : '–') },
    { name: 'sector', render: (i) => (i.sector ? i.sector : '–') },
    codesCol('topics', 'offerTopic'),
    { name: 'target_countries', render: (i) => (i.target_countries || []).map((c) => countryName(c)).join(', ') },
    codeCol('outcome', 'outcome'),
  ],
  filters: [
    { name: 'from', type: 'date' },
    { name: 'to', type: 'date' },
    { name: 'topic', type: 'select', codes: 'offerTopic', label: 'field.topics' },
    { name: 'channel', type: 'select', codes: 'channel' },
    { name: 'sector', type: 'select', codes: 'sector' },
    { name: 'size_class', type: 'select', codes: 'sizeClass' },
    { name: 'country', type: 'select', codes: 'country' },
    { name: 'outcome', type: 'select', codes: 'outcome' },
  ],
  csv: true,
};

export const company = {
  key: 'companies',
  one: 'companies.one',
  fields: [
    { name: 'name', type: 'text', required: true, max: 200 },
    { name: 'location', type: 'text', max: 200 },
    { name: 'size_class', type: 'select', codes: 'sizeClass' },
    { name: 'sector', type: 'select', codes: 'sector' },
  ],
  columns: [
    { name: 'name' },
    { name: 'location' },
    codeCol('size_class', 'sizeClass'),
    { name: 'sector', render: (i) => i.sector || '–' },
    { name: 'inquiries' },
  ],
  filters: [
    { name: 'q', type: 'text', label: 'field.name' },
    { name: 'size_class', type: 'select', codes: 'sizeClass' },
    { name: 'sector', type: 'select', codes: 'sector' },
  ],
  csv: true,
};

export const obstacle = {
  key: 'obstacles',
  one: 'obstacles.one',
  fields: [
    { name: 'title', type: 'text', required: true, max: 200 },
    { name: 'category', type: 'select', codes: 'obstacleCategory', required: true },
    { name: 'severity', type: 'select', codes: 'severity', required: true },
    { name: 'description', type: 'textarea', required: true, max: 5000 },
    { name: 'first_seen', type: 'date' },
    { name: 'last_seen', type: 'date', notBefore: 'first_seen' },
    { name: 'policy_level', type: 'select', codes: 'policyLevel' },
    { name: 'policy_proposal', type: 'textarea', max: 5000, rows: 3 },
  ],
  columns: [
    { name: 'title' },
    codeCol('category', 'obstacleCategory'),
    codeCol('severity', 'severity'),
    { name: 'inquiries_touched' },
    dateCol('seen_from'),
    dateCol('seen_to'),
  ],
  filters: [
    { name: 'category', type: 'select', codes: 'obstacleCategory' },
    { name: 'severity', type: 'select', codes: 'severity' },
    { name: 'policy_level', type: 'select', codes: 'policyLevel' },
  ],
  csv: true,
};

export const signature = {
  fields: [
    { name: 'signatory_name', type: 'text', required: true, max: 200 },
    { name: 'signatory_function', type: 'text', required: true, max: 200 },
    { name: 'signed_on', type: 'date', required: true },
  ],
};

export const amendment = {
  fields: [
    { name: 'section', type: 'select', codes: 'section', required: true },
    { name: 'proposed_text', type: 'textarea', required: true, max: 50000, rows: 6 },
    { name: 'reason', type: 'textarea', required: true, max: 5000, rows: 3 },
  ],
};

export const writtenForm = {
  fields: [
    { name: 'document_ref', type: 'text', required: true, max: 200 },
    { name: 'signed_on', type: 'date', required: true },
  ],
};

export const acknowledgement = {
  fields: [{ name: 'acknowledged_by_name', type: 'text', required: true, max: 200 }],
};
