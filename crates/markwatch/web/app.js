// markwatch web UI: one page over the JSON API. No framework, no external resources.
// Every piece of text that comes from data is inserted with textContent (through el()),
// never as HTML.
'use strict';

const TOKEN_KEY = 'markwatch-token';
const PAGES = ['login', 'search', 'alerts', 'watchlists', 'batch', 'applicant'];
const REVIEW = [
  ['to_oppose', 'To oppose'],
  ['opposed', 'Opposed'],
  ['dismissed', 'Dismiss'],
  ['new', 'Reset'],
];

const $ = (id) => document.getElementById(id);

/** Builds an element; string children become text nodes. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function status(message, isError) {
  const s = $('status');
  s.textContent = message || '';
  s.className = isError ? 'error' : '';
}

/** Calls the API; resolves to the parsed JSON (or null for 204), rejects with the API message. */
async function api(method, path, body, contentType) {
  const headers = {};
  if (token()) headers.Authorization = 'Bearer ' + token();
  if (contentType) headers['Content-Type'] = contentType;
  const res = await fetch(path, { method, headers, body });
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({ code: 'internal', message: res.statusText }));
  if (!res.ok) {
    if (res.status === 401) logout();
    throw new Error(data.message || res.statusText);
  }
  return data;
}

/** Fetches a non-JSON resource of the API (a report, a CSV) with the token; resolves to a Blob. */
async function apiBlob(path) {
  const headers = {};
  if (token()) headers.Authorization = 'Bearer ' + token();
  const res = await fetch(path, { headers });
  if (!res.ok) {
    const data = await res.json().catch(() => ({ message: res.statusText }));
    if (res.status === 401) logout();
    throw new Error(data.message || res.statusText);
  }
  return res.blob();
}

/** Offers `blob` as a file download named `name`. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function show(page) {
  for (const p of PAGES) $('page-' + p).hidden = p !== page;
  for (const b of document.querySelectorAll('#nav button')) {
    b.classList.toggle('active', b.dataset.page === page);
  }
  status('');
  if (page === 'alerts') loadAlerts();
  if (page === 'watchlists') loadWatchlists();
}

function loggedIn(yes) {
  $('nav').hidden = !yes;
  $('login-form').hidden = yes;
  $('whoami').hidden = !yes;
}

async function login(ev) {
  ev.preventDefault();
  const t = $('token').value.trim();
  if (!t) return status('Paste a token first.', true);
  sessionStorage.setItem(TOKEN_KEY, t);
  try {
    await api('GET', '/api/watchlists');
    $('token').value = '';
    loggedIn(true);
    show('search');
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    status('Login failed: ' + e.message, true);
  }
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  loggedIn(false);
  for (const p of PAGES) $('page-' + p).hidden = p !== 'login';
}

// ---- explanation tree --------------------------------------------------------------------

function tree(e) {
  if (!e) return el('span');
  return el('li', {},
    el('span', { class: 'v', text: Number(e.value).toFixed(3) }),
    el('span', { class: 'm', text: e.method }),
    el('span', { class: 'd', text: e.detail }),
    e.children && e.children.length ? el('ul', {}, e.children.map(tree)) : null);
}

function explanation(e) {
  return el('ul', { class: 'explanation' }, tree(e));
}

// ---- search ------------------------------------------------------------------------------

async function search(ev) {
  ev.preventDefault();
  const q = $('q').value.trim();
  if (!q) return status('Type a mark.', true);
  const params = new URLSearchParams({ q, top: '10' });
  const classes = $('classes').value.trim();
  if (classes) params.set('class', classes);
  status('Searching…');
  try {
    const res = await api('GET', '/api/search?' + params);
    status(res.hits.length + ' similar marks');
    $('hits').replaceChildren(...res.hits.map((h) => el('li', { class: 'hit' },
      el('div', { class: 'pair' },
        el('div', { class: 'mark query', lang: 'zh' }, res.query, el('small', { text: 'query' })),
        el('div', { class: 'score', text: h.score.toFixed(3) }),
        el('div', { class: 'mark hit-name', lang: 'ja' }, h.name,
          el('small', { text: h.id + ' · ' + h.names.join(' | ') + (h.classes.length ? ' · class ' + h.classes.join(', ') : '') }))),
      h.goods ? el('p', { class: 'goods', text: 'goods: ' + h.goods.relation + ' (×' + h.goods.factor + ') — ' + h.goods.explanation }) : null,
      el('details', { class: 'why', open: '' }, el('summary', { text: 'why' }), explanation(h.explanation)))));
  } catch (e) {
    status(e.message, true);
  }
}

// ---- alerts ------------------------------------------------------------------------------

/** The most urgent open deadline of a finding, as text. */
function deadlineText(finding) {
  const ds = (finding && finding.deadlines) || [];
  const open = ds.filter((d) => d.closes && (d.state === 'open' || d.state === 'upcoming'))
    .sort((a, b) => a.closes.localeCompare(b.closes));
  if (open.length) {
    const d = open[0];
    return d.closes + ' ' + d.action + (d.days_left !== null && d.days_left !== undefined ? ' (' + d.days_left + ' d)' : '');
  }
  return ds.length ? ds[0].action + ' ' + ds[0].state : '—';
}

async function loadAlerts() {
  const filter = $('alert-filter').value;
  try {
    const alerts = await api('GET', '/api/alerts' + (filter ? '?state=' + encodeURIComponent(filter) : ''));
    const rows = alerts.map((a) => {
      const f = a.finding || {};
      const filingMark = f.filing && f.filing.mark ? f.filing.mark + ' ' : '';
      return el('tr', { class: 'alert', 'data-id': String(a.id) },
        el('td', { text: deadlineText(f) }),
        el('td', {}, el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); alertDetail(a.id); } }, filingMark + a.filing_id)),
        el('td', { text: (f.target_names || [a.target_id]).join(' | ') }),
        el('td', { text: Number(a.score).toFixed(3) }),
        el('td', { class: 'state state-' + a.state, text: a.state + (a.reviewed_by ? ' (' + a.reviewed_by + ')' : '') }),
        el('td', {}, REVIEW.filter(([s]) => s !== a.state).map(([s, label]) =>
          el('button', { type: 'button', 'data-state': s, onclick: () => review(a.id, s) }, label))));
    });
    $('alerts').tBodies[0].replaceChildren(...rows);
    status(alerts.length + ' alerts');
  } catch (e) {
    status(e.message, true);
  }
}

async function review(id, state) {
  try {
    await api('POST', '/api/alerts/' + id + '/review', JSON.stringify({ state }), 'application/json');
    status('Alert ' + id + ': ' + state);
    await loadAlerts();
  } catch (e) {
    status(e.message, true);
  }
}

async function alertDetail(id) {
  try {
    const a = await api('GET', '/api/alerts/' + id);
    const f = a.finding || {};
    $('alert-detail').replaceChildren(
      el('h3', { text: 'Alert ' + a.id + ': ' + a.filing_id + ' × ' + a.target_id }),
      el('p', { text: 'grounds: ' + ((f.grounds || []).join(', ') || '—') }),
      explanation(f.explanation),
      f.filing && f.filing.applicants && f.filing.applicants.length
        ? el('button', { type: 'button', id: 'alert-applicant', onclick: () => openApplicant(f.filing.applicants[0].name) },
          'Applicant: ' + f.filing.applicants[0].name)
        : null,
      el('ul', {}, (a.reviews || []).map((r) =>
        el('li', { text: r.state + ' by ' + r.by + ' at ' + new Date(r.at * 1000).toISOString() }))));
    await showReport(a.id);
  } catch (e) {
    status(e.message, true);
  }
}

/**
 * Shows the alert's evidence report (the page `markwatch report` writes) under the detail, in
 * a frame sandboxed without scripts or origin: the report is data, it gets no privileges.
 */
async function showReport(id) {
  const html = await (await apiBlob('/api/alerts/' + id + '/report')).text();
  const frame = el('iframe', { id: 'alert-report', class: 'report', sandbox: '', title: 'Evidence report for alert ' + id });
  frame.srcdoc = html;
  $('alert-detail').append(
    el('h4', {}, 'Evidence report ',
      el('button', {
        type: 'button', id: 'alert-report-download',
        onclick: () => download(new Blob([html], { type: 'text/html' }), 'markwatch-alert-' + id + '.html'),
      }, 'Download')),
    frame);
}

async function downloadCsv() {
  const filter = $('alert-filter').value;
  try {
    const blob = await apiBlob('/api/alerts.csv' + (filter ? '?state=' + encodeURIComponent(filter) : ''));
    download(blob, 'markwatch-alerts' + (filter ? '-' + filter : '') + '.csv');
    status('CSV downloaded');
  } catch (e) {
    status(e.message, true);
  }
}

// ---- watch lists -------------------------------------------------------------------------

async function loadWatchlists() {
  try {
    const lists = await api('GET', '/api/watchlists');
    $('watchlists').replaceChildren(...lists.map((w) => el('li', { class: 'watchlist' },
      el('strong', { text: w.name }), ' ',
      el('span', { text: '(' + w.entries.length + ' entries: ' + w.entries.slice(0, 5).map((e) => e.names[0]).join(', ') + (w.entries.length > 5 ? ', …' : '') + ') ' }),
      el('button', { type: 'button', onclick: () => editWatchlist(w) }, 'Edit'),
      el('button', { type: 'button', onclick: () => deleteWatchlist(w) }, 'Delete'))));
  } catch (e) {
    status(e.message, true);
  }
}

function editWatchlist(w) {
  $('wl-id').value = w ? String(w.id) : '';
  $('wl-name').value = w ? w.name : '';
  $('wl-source').value = w ? w.source : 'id,kind,names,owner,country,classes\n';
  $('wl-editor-title').textContent = w ? 'Edit ' + w.name : 'New watch list';
}

async function deleteWatchlist(w) {
  if (!window.confirm('Delete watch list ' + w.name + ' and its alerts?')) return;
  try {
    await api('DELETE', '/api/watchlists/' + w.id);
    await loadWatchlists();
  } catch (e) {
    status(e.message, true);
  }
}

async function saveWatchlist(ev) {
  ev.preventDefault();
  const id = $('wl-id').value;
  const body = JSON.stringify({ name: $('wl-name').value, source: $('wl-source').value });
  try {
    const w = await api(id ? 'PUT' : 'POST', '/api/watchlists' + (id ? '/' + id : ''), body, 'application/json');
    status('Saved ' + w.name + ' (' + w.entries.length + ' entries)');
    editWatchlist(w);
    await loadWatchlists();
  } catch (e) {
    status(e.message, true);
  }
}

function readWatchFile() {
  const file = $('wl-file').files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    $('wl-source').value = reader.result;
    if (!$('wl-name').value) $('wl-name').value = file.name.replace(/\.[^.]*$/, '');
  };
  reader.readAsText(file);
}

// ---- batch upload ------------------------------------------------------------------------

function uploadBatch(ev) {
  ev.preventDefault();
  const file = $('batch-file').files[0];
  if (!file) return status('Choose a file.', true);
  const bar = $('batch-progress');
  bar.hidden = false;
  bar.value = 0;
  $('batch-result').replaceChildren();
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/screen?name=' + encodeURIComponent(file.name));
  xhr.setRequestHeader('Authorization', 'Bearer ' + token());
  xhr.setRequestHeader('Content-Type', 'application/octet-stream');
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) {
      bar.value = Math.round((100 * e.loaded) / e.total);
      $('batch-percent').textContent = bar.value + '% sent';
    }
  };
  xhr.upload.onload = () => { $('batch-percent').textContent = 'sent; screening…'; };
  xhr.onerror = () => status('Upload failed: network error', true);
  xhr.onload = () => {
    let data;
    try { data = JSON.parse(xhr.responseText); } catch (e) { data = { message: xhr.statusText }; }
    if (xhr.status !== 200) {
      if (xhr.status === 401) logout();
      return status('Upload failed: ' + data.message, true);
    }
    bar.value = 100;
    $('batch-percent').textContent = 'done';
    status('');
    $('batch-result').replaceChildren(
      el('p', { class: 'summary', text: data.screened + ' filings screened, ' + data.rejected + ' rejected, ' + data.findings.length + ' findings, ' + data.new_alerts + ' new alerts' }),
      el('ul', {}, data.rejects.map((r) => el('li', { class: 'reject', text: r }))),
      el('ol', {}, data.findings.map((f) => el('li', {
        text: f.finding.filing_id + ' × ' + f.finding.target_names.join(' | ') + ' — ' + f.finding.score.toFixed(3) + (f.new_alert ? ' (new alert)' : ''),
      }))));
  };
  xhr.send(file);
}

// ---- applicants -------------------------------------------------------------------------

function openApplicant(name) {
  show('applicant');
  $('applicant-name').value = name;
  loadApplicant();
}

/** Bars of filings per month (a filing timeline), drawn with CSS widths. */
function timeline(filings) {
  const months = new Map();
  for (const f of filings) {
    const m = f.filing_date ? f.filing_date.slice(0, 7) : 'undated';
    months.set(m, (months.get(m) || 0) + 1);
  }
  const keys = [...months.keys()].sort();
  const max = Math.max(1, ...months.values());
  return el('table', { class: 'chart timeline' }, keys.map((k) => {
    const bar = el('div', { class: 'bar' });
    bar.style.width = (100 * months.get(k) / max) + '%';
    return el('tr', {}, el('th', { text: k }), el('td', {}, bar), el('td', { text: String(months.get(k)) }));
  }));
}

/** Filings per Nice class (the class spread). */
function classSpread(filings) {
  const counts = new Map();
  for (const f of filings) for (const c of f.classes || []) counts.set(c, (counts.get(c) || 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const max = Math.max(1, ...counts.values());
  return el('table', { class: 'chart classes' }, keys.map((k) => {
    const bar = el('div', { class: 'bar' });
    bar.style.width = (100 * counts.get(k) / max) + '%';
    return el('tr', {}, el('th', { text: 'class ' + k }), el('td', {}, bar), el('td', { text: String(counts.get(k)) }));
  }));
}

async function loadApplicant(ev) {
  if (ev) ev.preventDefault();
  const name = $('applicant-name').value.trim();
  if (!name) return status('Type a name.', true);
  try {
    const res = await api('GET', '/api/applicants/' + encodeURIComponent(name));
    const p = res.profile;
    status(res.also.length ? 'Also matching: ' + res.also.join(', ') : '');
    $('applicant').replaceChildren(
      el('h3', { text: p.names.join(' / ') }),
      el('p', { class: 'score', text: 'bad-faith score ' + Number(p.score).toFixed(3) + ' · ' + p.filings.length + ' filings' }),
      el('h4', { text: 'Indicators' }),
      el('table', {}, el('tr', {}, el('th', { text: 'indicator' }), el('th', { text: 'value' }), el('th', { text: 'contribution' }), el('th', { text: 'why' })),
        (p.indicators || []).map((i) => el('tr', {},
          el('td', { text: i.name }), el('td', { text: Number(i.value).toFixed(2) }),
          el('td', { text: Number(i.contribution).toFixed(3) }), el('td', { text: i.explanation })))),
      el('h4', { text: 'Filing timeline' }), timeline(p.filings),
      el('h4', { text: 'Class spread' }), classSpread(p.filings),
      el('h4', { text: 'Filings' }),
      el('ul', {}, p.filings.map((f) => el('li', { text: (f.filing_date || '—') + ' ' + f.id + ' ' + f.mark + (f.targets && f.targets.length ? ' → ' + f.targets.join(', ') : '') }))));
  } catch (e) {
    $('applicant').replaceChildren();
    status(e.message, true);
  }
}

// ---- wiring ------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  for (const b of document.querySelectorAll('#nav button')) {
    b.addEventListener('click', () => show(b.dataset.page));
  }
  $('search-form').addEventListener('submit', search);
  $('alert-filter').addEventListener('change', loadAlerts);
  $('alerts-csv').addEventListener('click', downloadCsv);
  $('wl-form').addEventListener('submit', saveWatchlist);
  $('wl-file').addEventListener('change', readWatchFile);
  $('wl-new').addEventListener('click', () => editWatchlist(null));
  $('batch-form').addEventListener('submit', uploadBatch);
  $('applicant-form').addEventListener('submit', loadApplicant);
  if (token()) {
    loggedIn(true);
    show('search');
  } else {
    logout();
  }
});
