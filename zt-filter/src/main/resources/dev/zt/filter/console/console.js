// zt roll-out console. Everything shown is set with textContent or DOM attributes, never parsed as HTML: paths,
// subjects and reasons come from requests, i.e. from attackers. No inline script or style (the page's CSP forbids
// both), no third-party code.
'use strict';
(function () {
  const body = document.body;
  const root = body.dataset.root;
  const DECISIONS = ['allow', 'step_up', 'deny', 'revoke_session'];
  const LABELS = { allow: 'allowed', step_up: 'step-up', deny: 'denied', revoke_session: 'session revoked' };
  const SVG = 'http://www.w3.org/2000/svg';
  let view = null;

  function el(name, text, cls) {
    const e = document.createElement(name);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function svg(name, attrs) {
    const e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(k => e.setAttribute(k, String(attrs[k])));
    return e;
  }

  function status(text, error) {
    const s = document.getElementById('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  async function getJson(url) {
    const r = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
    if (!r.ok) { throw new Error('HTTP ' + r.status); }
    return r.json();
  }

  function time(iso, withDate) {
    const d = new Date(iso);
    return withDate ? d.toISOString().slice(5, 16).replace('T', ' ') : d.toISOString().slice(11, 16);
  }

  function renderTotals(v) {
    const dl = document.getElementById('totals');
    dl.replaceChildren();
    DECISIONS.forEach(d => {
      const div = el('div');
      const dt = el('dt');
      dt.appendChild(el('span', null, 'swatch ' + d));
      dt.appendChild(document.createTextNode(LABELS[d]));
      const dd = el('dd', v.totals[d]);
      dd.id = 'total-' + d;
      div.append(dt, dd);
      dl.appendChild(div);
    });
  }

  function renderChart(v) {
    const width = 900, height = 220, left = 40, bottom = 20, top = 8;
    const points = v.timeline;
    const max = Math.max(1, ...points.map(p => DECISIONS.reduce((s, d) => s + p[d], 0)));
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'chart-title' });
    const title = svg('title');
    title.id = 'chart-title';
    title.textContent = 'Decisions per ' + v.step_minutes + ' minute(s): ' + DECISIONS.map(d => LABELS[d] + ' '
      + v.totals[d]).join(', ');
    chart.appendChild(title);
    const plot = height - bottom - top;
    const barWidth = (width - left) / Math.max(1, points.length);
    chart.appendChild(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#777' }));
    const maxLabel = svg('text', { x: 2, y: top + 10 });
    maxLabel.textContent = String(max);
    chart.appendChild(maxLabel);
    points.forEach((p, i) => {
      let y = height - bottom;
      DECISIONS.forEach(d => {
        if (p[d] > 0) {
          const h = Math.max(1, p[d] / max * plot);
          y -= h;
          const rect = svg('rect', { x: left + i * barWidth + 1, y: y, width: Math.max(1, barWidth - 2), height: h,
            class: 'bar-' + d, 'data-decision': d, 'data-count': p[d] });
          const t = svg('title');
          t.textContent = time(p.start, v.step_minutes >= 60) + ' ' + LABELS[d] + ': ' + p[d];
          rect.appendChild(t);
          chart.appendChild(rect);
        }
      });
      if (i % Math.ceil(points.length / 8) === 0) {
        const label = svg('text', { x: left + i * barWidth, y: height - 5 });
        label.textContent = time(p.start, v.step_minutes >= 60);
        chart.appendChild(label);
      }
    });
    document.getElementById('chart').replaceChildren(chart);
    document.getElementById('chart-caption').textContent = 'From ' + v.from + ' to ' + v.to + ', one bar per '
      + v.step_minutes + ' minute(s). Hover a bar for its counts.';
  }

  function options(select, values) {
    const current = select.value;
    select.replaceChildren(el('option', 'all'));
    select.firstChild.value = '';
    values.forEach(v => { const o = el('option', v); o.value = v; select.appendChild(o); });
    select.value = values.includes(current) ? current : '';
  }

  function topList(map, clickable) {
    const ul = el('ul', null, 'top');
    Object.keys(map).forEach(k => {
      const li = el('li');
      if (clickable) {
        const b = el('button', k, 'link subject');
        b.type = 'button';
        b.title = 'Show the sessions of ' + k;
        b.addEventListener('click', () => { document.getElementById('subject').value = k; loadSessions(k); });
        li.appendChild(b);
      } else {
        li.appendChild(el('span', k));
      }
      li.appendChild(document.createTextNode(' (' + map[k] + ')'));
      ul.appendChild(li);
    });
    return ul;
  }

  function renderRefusals() {
    const v = view;
    const decision = document.getElementById('filter-decision').value;
    const reason = document.getElementById('filter-reason').value;
    const path = document.getElementById('filter-path').value.trim();
    const rows = v.refusals.filter(r => (!decision || r.decision === decision) && (!reason || r.reason === reason)
      && (!path || r.path.includes(path)));
    const tbody = document.querySelector('#refusals tbody');
    tbody.replaceChildren();
    let total = 0;
    rows.forEach(r => {
      total += r.count;
      const tr = el('tr');
      tr.append(el('td', r.path), el('td', LABELS[r.decision] || r.decision), el('td', r.reason),
        el('td', r.count, 'num'));
      const subjects = el('td');
      subjects.appendChild(topList(r.top_subjects, true));
      const clients = el('td');
      clients.appendChild(topList(r.top_clients, false));
      tr.append(subjects, clients);
      tbody.appendChild(tr);
    });
    if (rows.length === 0) {
      const tr = el('tr');
      const td = el('td', 'None in this window.');
      td.colSpan = 6;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
    document.getElementById('refusals-caption').textContent = rows.length + ' group(s), ' + total
      + ' request(s)' + (decision || reason || path ? ' matching the filter' : '');
  }

  function renderSignals(v) {
    const tbody = document.querySelector('#signals tbody');
    tbody.replaceChildren();
    Object.keys(v.signals).forEach(s => {
      const tr = el('tr');
      tr.append(el('td', s), el('td', v.signals[s], 'num'));
      tbody.appendChild(tr);
    });
    if (Object.keys(v.signals).length === 0) {
      const tr = el('tr');
      const td = el('td', 'None in this window.');
      td.colSpan = 2;
      tr.appendChild(td);
      tbody.appendChild(tr);
    }
  }

  async function loadActivity() {
    const w = document.getElementById('window').value;
    status('Loading…');
    try {
      view = await getJson(root + '/api/activity?window=' + encodeURIComponent(w));
      const reportOnly = view.mode === 'report-only';
      document.getElementById('scope-text').textContent = view.scope === 'cluster'
        ? 'the cluster (' + view.nodes + ' node' + (view.nodes === 1 ? '' : 's') + ')' : 'this node';
      document.getElementById('refusals-kind').textContent = reportOnly ? 'Would-be refusals' : 'Refusals';
      document.getElementById('refusals-hint').textContent = reportOnly
        ? 'Report-only mode: nothing below was refused; each is what enforce mode would refuse. '
          + 'Switch to enforce when what remains is expected.' : '';
      renderTotals(view);
      renderChart(view);
      options(document.getElementById('filter-decision'), [...new Set(view.refusals.map(r => r.decision))].sort());
      options(document.getElementById('filter-reason'), [...new Set(view.refusals.map(r => r.reason))].sort());
      renderRefusals();
      renderSignals(view);
      await loadHealth();
      status('Updated ' + new Date().toLocaleTimeString() + (view.cluster_problem
        ? ' (this node only: ' + view.cluster_problem + ')' : ''), !!view.cluster_problem);
    } catch (e) {
      status('Could not load the activity (' + e.message + ').', true);
    }
  }

  async function loadHealth() {
    const tbody = document.querySelector('#health tbody');
    try {
      const h = await getJson(root + '/api/health');
      document.getElementById('health-status').textContent = h.status;
      document.getElementById('health-caption').textContent = 'What zt depends on, as this node sees it (checked '
        + h.checked_at + ')';
      tbody.replaceChildren();
      Object.keys(h.components).forEach(name => {
        const c = h.components[name];
        const tr = el('tr');
        tr.append(el('td', name), el('td', c.status, 'health-' + c.status.toLowerCase()), el('td', c.detail));
        tbody.appendChild(tr);
      });
    } catch (e) {
      document.getElementById('health-status').textContent = 'unknown (' + e.message + ')';
    }
  }

  function csrfToken() {
    const name = body.dataset.csrfCookie + '=';
    const found = document.cookie.split('; ').find(c => c.startsWith(name));
    return found ? decodeURIComponent(found.substring(name.length)) : body.dataset.csrf;
  }

  async function revoke(id, subject, listed) {
    if (!window.confirm('Revoke session ' + id.substring(0, 12) + '… of ' + subject + '?')) { return; }
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' };
    headers[body.dataset.csrfHeader] = csrfToken();
    const r = await fetch(root + '/api/revoke', { method: 'POST', credentials: 'same-origin', headers: headers,
      body: 'session=' + encodeURIComponent(id) });
    status(r.ok ? 'Session revoked.' : 'Revocation failed (HTTP ' + r.status + ').', !r.ok);
    await loadSessions(listed);
  }

  // subject: a subject's sessions; empty: the sessions begun lately
  async function loadSessions(subject) {
    const caption = document.getElementById('sessions-caption');
    const tbody = document.querySelector('#sessions tbody');
    tbody.replaceChildren();
    try {
      const data = await getJson(root + '/api/sessions' + (subject ? '?subject=' + encodeURIComponent(subject) : ''));
      caption.textContent = data.sessions.length + ' session(s) ' + (subject ? 'of ' + subject : 'begun lately');
      data.sessions.forEach(s => {
        const tr = el('tr');
        tr.dataset.session = s.id;
        tr.append(el('td', s.id.substring(0, 12) + '…'), el('td', s.subject), el('td', s.created),
          el('td', s.last_seen), el('td', s.acr || ''), el('td', s.device || ''),
          el('td', s.revoked ? 'revoked' : 'live'));
        const action = el('td');
        if (!s.revoked) {
          const b = el('button', 'Revoke', 'revoke');
          b.type = 'button';
          b.setAttribute('aria-label', 'Revoke session ' + s.id.substring(0, 12) + ' of ' + s.subject);
          b.addEventListener('click', () => revoke(s.id, s.subject, subject));
          action.appendChild(b);
        }
        tr.appendChild(action);
        tbody.appendChild(tr);
      });
    } catch (e) {
      caption.textContent = 'Could not load the sessions (' + e.message + ').';
    }
  }

  document.getElementById('window').addEventListener('change', loadActivity);
  document.getElementById('refresh').addEventListener('click', loadActivity);
  ['filter-decision', 'filter-reason', 'filter-path'].forEach(id => ['input', 'change'].forEach(type =>
    document.getElementById(id).addEventListener(type, () => { if (view) { renderRefusals(); } })));
  document.getElementById('filters').addEventListener('submit', e => e.preventDefault());
  document.getElementById('controls').addEventListener('submit', e => e.preventDefault());
  document.getElementById('session-search').addEventListener('submit', e => {
    e.preventDefault();
    loadSessions(document.getElementById('subject').value.trim());
  });
  document.getElementById('recent-sessions').addEventListener('click', () => {
    document.getElementById('subject').value = '';
    loadSessions('');
  });
  loadActivity();
  loadSessions('');
  // Refreshes itself every 30 s while someone uses the page: an unattended console must not keep the operator's
  // session alive past its idle timeout, so after 10 minutes without input (or while hidden) it stops asking.
  let lastInput = Date.now();
  ['keydown', 'pointerdown', 'pointermove', 'wheel'].forEach(type =>
    document.addEventListener(type, () => { lastInput = Date.now(); }, { passive: true }));
  window.setInterval(() => {
    if (document.visibilityState === 'visible' && Date.now() - lastInput < 10 * 60 * 1000) {
      loadActivity();
    } else if (!document.getElementById('status').textContent.startsWith('Paused')) {
      status('Paused while nobody uses the page: Refresh to go on.');
    }
  }, 30000);
}());
