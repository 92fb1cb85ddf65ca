// The dashboard: plain JavaScript over the public API only (GET /admin/stats, GET /jobs, GET /jobs/{id},
// POST /jobs/{id}/retry, POST /jobs/{id}/cancel, GET /queues, PATCH /queues/{name}, POST /queues/{name}/pause|resume,
// GET /schedules, PATCH /schedules/{name}, POST /schedules/{name}/trigger, GET /workflows/{id},
// POST /workflows/{id}/cancel|retry, GET /admin/trends). Text goes into the page with textContent, never as HTML,
// so a job's payload or error message can never run as script.
'use strict';

const REFRESH_MS = 3000;
const STATES = ['waiting', 'pending', 'running', 'completed', 'failed', 'dead', 'cancelled'];
const TOKEN_KEY = 'job-processor.token';

const view = { cursor: null, cursors: [], openJobId: null, openWorkflowId: null };

function $(selector) { return document.querySelector(selector); }

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

async function api(method, path, payload) {
  const headers = { 'Accept': 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const sends = method === 'POST' || method === 'PATCH';
  if (sends) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: sends ? JSON.stringify(payload || {}) : undefined });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.code + ': ' + body.error.message : 'HTTP ' + response.status;
    throw new Error(message);
  }
  return body;
}

function showStatus(text, isError) {
  const status = $('#status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach(cell => tr.appendChild(cell instanceof Node ? wrap(cell) : element('td', cell)));
  return tr;
}

function wrap(node) {
  const td = document.createElement('td');
  td.appendChild(node);
  return td;
}

function stateCell(state) {
  return element('span', state, 'state-' + state);
}

function age(seconds) {
  if (seconds === undefined || seconds === null) return '–';
  if (seconds < 120) return seconds.toFixed(1) + ' s';
  if (seconds < 7200) return (seconds / 60).toFixed(1) + ' min';
  return (seconds / 3600).toFixed(1) + ' h';
}

function jobLink(id) {
  const link = element('a', id.slice(0, 8) + '…');
  link.href = '#job-' + id;
  link.title = id;
  link.addEventListener('click', event => { event.preventDefault(); openJob(id); });
  return link;
}

function mebibytes(bytes) {
  return (bytes / 1048576).toFixed(1) + ' MiB';
}

// One line about the jobs table's storage (docs/OBSERVABILITY.md, "Table health"); hidden for the in-memory store.
function showTableHealth(health) {
  const line = $('#table-health');
  line.hidden = !health;
  if (!health) return;
  const parts = [
    'jobs table: ' + health.live_tuples + ' live, ' + health.dead_tuples + ' dead rows, ' +
      mebibytes(health.table_bytes) + ' with indexes',
    'last autovacuum ' + (health.seconds_since_autovacuum === null ? 'never' : age(health.seconds_since_autovacuum) + ' ago'),
  ];
  if (health.oldest_transaction_pid !== null) {
    parts.push('oldest open transaction ' + age(health.oldest_transaction_age_seconds) + ' (' +
      health.oldest_transaction_state + ', ' + (health.oldest_transaction_application || 'no application name') +
      ', pid ' + health.oldest_transaction_pid + ')');
  }
  line.textContent = parts.join(' · ');
}

async function refreshStats() {
  const stats = await api('GET', '/admin/stats');
  $('#counts').replaceChildren(...STATES.map(state => {
    const box = element('div', null, 'count state-' + state);
    box.dataset.state = state;
    box.appendChild(element('span', stats.by_state[state], 'n'));
    box.appendChild(document.createTextNode(state));
    return box;
  }));
  showTableHealth(stats.table_health);
  fill($('#queues tbody'), Object.entries(stats.by_queue).map(([queue, counts]) =>
    row([queue, ...STATES.map(s => counts[s]), age(stats.oldest_pending_age_seconds[queue])])));
  fill($('#recent-failures tbody'), stats.recent_failures.map(f =>
    row([f.at, jobLink(f.job_id), f.type, f.queue, f.attempt, stateCell(f.state), f.error])));
}

// One row per queue: its settings and live counts (GET /queues), Pause or Resume, and its limits (concurrency, rate,
// per key). A limit being typed is not overwritten by the next refresh. An empty field sets no limit.
async function refreshQueues() {
  const { queues } = await api('GET', '/queues');
  if (document.activeElement && document.activeElement.classList.contains('limit-input')) return;
  fill($('#queue-control tbody'), queues.map(queue => {
    const path = '/queues/' + encodeURIComponent(queue.name);
    const toggle = element('button', queue.paused ? 'Resume' : 'Pause', 'queue-toggle');
    toggle.type = 'button';
    toggle.addEventListener('click', () =>
      changeQueue(queue.name, 'POST', path + (queue.paused ? '/resume' : '/pause')));
    const limit = limitInput(queue.name, queue.concurrency_limit, 10000, 'limit-input concurrency-input');
    const keyLimit = limitInput(queue.name, queue.key_limit, 10000, 'limit-input key-limit-input');
    const rateJobs = limitInput(queue.name, queue.rate_limit && queue.rate_limit.jobs, 10000, 'limit-input rate-jobs-input');
    const ratePeriod = limitInput(queue.name, queue.rate_limit && queue.rate_limit.per_seconds, 86400,
      'limit-input rate-period-input');
    const tr = row([queue.name,
      element('span', queueState(queue), queue.paused ? 'state-paused' : ''),
      withButton([limit], 'Set limit', 'limit-set', () =>
        changeQueue(queue.name, 'PATCH', path, { concurrency_limit: numberOrNull(limit) })),
      withButton([rateJobs, document.createTextNode(' per '), ratePeriod, document.createTextNode(' s ')], 'Set rate',
        'rate-set', () => {
          const jobs = numberOrNull(rateJobs);
          const perSeconds = numberOrNull(ratePeriod);
          changeQueue(queue.name, 'PATCH', path,
            { rate_limit: jobs === null && perSeconds === null ? null : { jobs, per_seconds: perSeconds } });
        }),
      withButton([keyLimit], 'Set key limit', 'key-limit-set', () =>
        changeQueue(queue.name, 'PATCH', path, { key_limit: numberOrNull(keyLimit) })),
      queue.pending, queue.due, queue.running, age(queue.oldest_due_age_seconds), toggle]);
    tr.dataset.queue = queue.name;
    tr.dataset.paused = String(queue.paused);
    tr.dataset.limit = queue.concurrency_limit === null ? '' : String(queue.concurrency_limit);
    tr.dataset.rateLimit = queue.rate_limit === null ? '' : queue.rate_limit.jobs + '/' + queue.rate_limit.per_seconds;
    tr.dataset.keyLimit = queue.key_limit === null ? '' : String(queue.key_limit);
    return tr;
  }));
}

// One row per schedule (GET /schedules): its cadence, next and last fire, Pause or Resume, and Trigger (one job now).
async function refreshSchedules() {
  const { schedules } = await api('GET', '/schedules');
  fill($('#schedules tbody'), schedules.map(schedule => {
    const path = '/schedules/' + encodeURIComponent(schedule.name);
    const toggle = element('button', schedule.paused ? 'Resume' : 'Pause', 'schedule-toggle');
    toggle.type = 'button';
    toggle.addEventListener('click', () =>
      changeSchedule(schedule.name, 'PATCH', path, { paused: !schedule.paused }, 'changed'));
    const trigger = element('button', 'Trigger', 'schedule-trigger');
    trigger.type = 'button';
    trigger.addEventListener('click', () =>
      changeSchedule(schedule.name, 'POST', path + '/trigger', {}, 'triggered'));
    const buttons = document.createElement('span');
    buttons.append(toggle, trigger);
    const tr = row([schedule.name, schedule.cron, schedule.timezone, schedule.job.type + ' → ' + schedule.job.queue,
      element('span', schedule.paused ? 'paused' : 'active', schedule.paused ? 'state-paused' : ''),
      schedule.next_fire_at || 'never', schedule.last_fire_at || '—', buttons]);
    tr.dataset.schedule = schedule.name;
    tr.dataset.paused = String(schedule.paused);
    tr.dataset.lastJob = schedule.last_job_id || '';
    return tr;
  }));
}

async function changeSchedule(name, method, path, body, done) {
  try {
    await api(method, path, body);
    showStatus('schedule ' + name + ' ' + done);
  } catch (error) {
    showStatus('schedule ' + name + ' not ' + done + ' — ' + error.message, true);
  }
  await refresh();
}

function queueState(queue) {
  return queue.paused
    ? 'paused ' + age(Math.max(0, (Date.now() - Date.parse(queue.paused_at)) / 1000)) + ' ago by ' + queue.paused_by
    : 'active';
}

function limitInput(queueName, value, max, classes) {
  const input = element('input', null, classes);
  input.type = 'number';
  input.min = '1';
  input.max = String(max);
  input.size = 6;
  input.placeholder = 'none';
  input.value = value === null || value === undefined ? '' : String(value);
  input.dataset.queue = queueName;
  return input;
}

function withButton(parts, label, classes, onClick) {
  const button = element('button', label, classes);
  button.type = 'button';
  button.addEventListener('click', onClick);
  const cell = document.createElement('span');
  cell.append(...parts, button);
  return cell;
}

// The field's number, or null when it is empty: the API answers a bad number with a 400 that the status line shows.
function numberOrNull(input) {
  const text = input.value.trim();
  return text === '' ? null : Number(text);
}

async function changeQueue(name, method, path, body) {
  try {
    await api(method, path, body);
    showStatus('queue ' + name + ' changed');
  } catch (error) {
    showStatus('queue ' + name + ' not changed — ' + error.message, true);
  }
  document.activeElement && document.activeElement.blur();
  await refresh();
}

function filterQuery() {
  const params = new URLSearchParams({ limit: '25' });
  const state = $('#filter-state').value;
  const type = $('#filter-type').value.trim();
  const queue = $('#filter-queue').value.trim();
  if (state) params.set('state', state);
  if (type) params.set('type', type);
  if (queue) params.set('queue', queue);
  if (view.cursor) params.set('cursor', view.cursor);
  return params;
}

async function refreshJobs() {
  const page = await api('GET', '/jobs?' + filterQuery());
  fill($('#jobs-table tbody'), page.jobs.map(job => {
    const tr = row([jobLink(job.id), job.type, job.queue, stateCell(job.state),
      job.attempts + '/' + job.max_attempts, job.created_at, job.last_error || '']);
    tr.classList.add('clickable');
    tr.dataset.jobId = job.id;
    tr.dataset.state = job.state;
    tr.addEventListener('click', () => openJob(job.id));
    return tr;
  }));
  $('#next-page').disabled = !page.next_cursor;
  $('#next-page').dataset.cursor = page.next_cursor || '';
  $('#first-page').disabled = !view.cursor;
}

async function openJob(id) {
  view.openJobId = id;
  await refreshDetail();
  $('#job-detail').hidden = false;
  $('#job-detail').scrollIntoView({ block: 'nearest' });
}

async function refreshDetail() {
  if (!view.openJobId) return;
  const job = await api('GET', '/jobs/' + encodeURIComponent(view.openJobId));
  $('#detail-id').textContent = job.id;
  $('#detail-state').textContent = job.state;
  $('#detail-state').className = 'state-' + job.state;
  $('#retry-job').hidden = !['failed', 'dead', 'cancelled'].includes(job.state);
  // A running job is asked to stop (202): it ends cancelled when its worker lets go (docs/QUEUE_CONTROL.md).
  $('#cancel-job').hidden = !(job.state === 'pending' || job.state === 'waiting' || (job.state === 'running' && !job.cancel_requested));
  const fields = [['type', job.type], ['queue', job.queue], ['priority', job.priority],
    ['attempts', job.attempts + ' of ' + job.max_attempts], ['timeout', job.timeout_seconds + ' s'],
    ['run at', job.run_at], ['created', job.created_at], ['updated', job.updated_at],
    ['started', job.started_at], ['finished', job.finished_at], ['lease expires', job.lease_expires_at],
    ['idempotency key', job.idempotency_key], ['snoozes', job.snoozes],
    ['cancel requested', job.cancel_requested ? 'yes' : 'no'], ['callback url', job.callback_url],
    ['trace', job.traceparent]];
  $('#detail-fields').replaceChildren(...fields.flatMap(([name, value]) =>
    [element('dt', name), element('dd', value === null || value === undefined ? '–' : value)]));
  $('#detail-payload').textContent = JSON.stringify(job.payload, null, 2);
  $('#detail-result').textContent = job.result === null || job.result === undefined
    ? '–' : JSON.stringify(job.result, null, 2);
  fill($('#detail-errors tbody'), (job.errors || []).map(e => row([e.attempt, e.at, e.message])));
  $('#detail-timeline').replaceChildren(...timeline(job).map(([at, what, state]) => {
    const item = element('li');
    item.append(element('time', at), ' ', element('span', what, state ? 'state-' + state : undefined));
    return item;
  }));
  // One row per attempt of each delivery (docs/WEBHOOKS.md); a delivery not attempted yet shows as one row.
  fill($('#detail-webhooks tbody'), (job.webhooks || []).flatMap(w => (w.history.length ? w.history : [null]).map(a =>
    row([w.id, w.event, w.state, a ? a.attempt : '–', a ? a.at : (w.next_attempt_at || '–'),
      a ? (a.status ? a.outcome + ' ' + a.status : a.outcome) : 'not attempted yet',
      a && a.detail ? a.detail : (w.state === 'dead' ? w.last_error : '')]))));
}

// A job's life in order, from the fields the API gives: created, each failed attempt (the error history), the start of
// the latest attempt, and how it ended. Snoozes and hand-backs leave no trace in these fields, so they do not show.
function timeline(job) {
  const events = [[job.created_at, 'created']];
  (job.errors || []).forEach(e => events.push([e.at, 'attempt ' + e.attempt + ' failed: ' + e.message, 'failed']));
  if (job.started_at && job.attempts > 0) {
    events.push([job.started_at, 'attempt ' + job.attempts + ' started' + (job.state === 'running' ? ', running' : ''),
      job.state === 'running' ? 'running' : undefined]);
  }
  if (job.finished_at) events.push([job.finished_at, job.state, job.state]);
  return events.sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]));
}

// The last hour as line charts drawn by hand in SVG (no library, no CDN): GET /admin/trends gives a point every
// step_seconds; the x axis is the hour up to the latest point, the y axis starts at 0. A percentile with no
// observation in its interval is a gap in its line, not a zero.
const CHART = { width: 440, height: 180, left: 52, right: 10, top: 10, bottom: 22 };
const PALETTE = ['#1f5fbf', '#17753a', '#b3261e', '#a15c00', '#6b3fa0', '#0f766e', '#be185d', '#4b5563'];
const HOUR_MS = 3600 * 1000;

const perSecond = v => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + '/s';
const duration = v => v < 1 ? (v * 1000).toFixed(v < 0.01 ? 1 : 0) + ' ms' : v < 120 ? v.toFixed(1) + ' s' : (v / 60).toFixed(1) + ' min';
const whole = v => Number.isInteger(v) ? String(v) : v.toFixed(1);

async function refreshTrends() {
  const trends = await api('GET', '/admin/trends');
  const points = trends.points;
  const at = p => Date.parse(p.at);
  const line = (name, pick) => ({ name, values: points.map(p => ({ at: at(p), value: pick(p) })) });
  const end = points.length ? at(points[points.length - 1]) : Date.now();
  drawChart('throughput', end, [line('created', p => p.created_per_second),
    line('completed', p => p.completed_per_second), line('failed', p => p.failed_per_second)], perSecond);
  for (const [name, key] of [['wait', 'queue_wait_seconds'], ['run', 'run_seconds']]) {
    drawChart(name, end, ['p50', 'p95', 'p99'].map(q => line(q, p => p[key][q])), duration);
  }
  const queues = [...new Set(points.flatMap(p => Object.keys(p.backlog)))].sort();
  drawChart('backlog', end, queues.map(q => line(q, p => p.backlog[q] === undefined ? 0 : p.backlog[q])), whole);
  $('#trends-note').textContent = points.length
    ? 'One point every ' + trends.step_seconds + ' s, ' + points.length + ' so far, as this process\'s metrics saw them.'
    : 'No points yet: the first comes ' + trends.step_seconds + ' s after the service starts.';
}

function drawChart(name, end, series, format) {
  const svg = $('#chart-' + name);
  const plot = { w: CHART.width - CHART.left - CHART.right, h: CHART.height - CHART.top - CHART.bottom };
  const start = end - HOUR_MS;
  const shown = series.map(s => ({ ...s, values: s.values.filter(p => p.at >= start) }));
  const values = shown.flatMap(s => s.values.map(p => p.value)).filter(v => typeof v === 'number');
  const top = niceCeiling(Math.max(0, ...values));
  const x = t => CHART.left + (t - start) / HOUR_MS * plot.w;
  const y = v => CHART.top + plot.h * (1 - v / top);
  const parts = [];
  [0, 0.5, 1].forEach(share => {
    const value = top * share;
    parts.push(svgElement('line', { class: 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: y(value), y2: y(value) }));
    parts.push(svgElement('text', { class: 'axis', x: CHART.left - 4, y: y(value) + 4, 'text-anchor': 'end' }, format(value)));
  });
  [['60 min ago', start, 'start'], ['30 min ago', start + HOUR_MS / 2, 'middle'], ['now', end, 'end']].forEach(([label, t, anchor]) =>
    parts.push(svgElement('text', { class: 'axis', x: x(t), y: CHART.height - 6, 'text-anchor': anchor }, label)));
  shown.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    // one polyline per run of points that have a value
    let run = [];
    const flush = () => {
      if (run.length === 1) {
        parts.push(svgElement('circle', { class: 'series', 'data-series': s.name, cx: run[0][0], cy: run[0][1], r: 2.5, fill: color }));
      } else if (run.length > 1) {
        parts.push(svgElement('polyline', { class: 'series', 'data-series': s.name, stroke: color,
          points: run.map(([px, py]) => px.toFixed(1) + ',' + py.toFixed(1)).join(' ') }));
      }
      run = [];
    };
    s.values.forEach(p => typeof p.value === 'number' ? run.push([x(p.at), y(p.value)]) : flush());
    flush();
  });
  svg.replaceChildren(...parts);
  $('#legend-' + name).replaceChildren(...shown.map((s, i) => {
    const latest = [...s.values].reverse().find(p => typeof p.value === 'number');
    const item = element('span', null, 'legend-item');
    const swatch = svgElement('svg', { width: 12, height: 12, 'aria-hidden': 'true' });
    swatch.appendChild(svgElement('rect', { width: 12, height: 12, rx: 2, fill: PALETTE[i % PALETTE.length] }));
    item.append(swatch, ' ' + s.name + ' ', element('strong', latest ? format(latest.value) : '–'));
    item.dataset.series = s.name;
    return item;
  }));
}

// 1, 2 or 5 times a power of ten, at least the largest value: round grid lines.
function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 5, 10].map(m => m * power).find(step => step >= value);
}

// A workflow as a graph: each job in the column after the deepest job it depends on (its longest path from a job
// that depends on nothing), an arrow from each parent to its child. Clicking a job opens it below.
const SVG_NS = 'http://www.w3.org/2000/svg';
const NODE = { width: 170, height: 42, gapX: 60, gapY: 16 };

function svgElement(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function columns(workflow) {
  const parents = new Map(workflow.jobs.map(job => [job.id, []]));
  workflow.edges.forEach(edge => { if (parents.has(edge.child)) parents.get(edge.child).push(edge.parent); });
  const column = new Map();
  const depth = id => {
    if (column.has(id)) return column.get(id);
    column.set(id, 0); // the API refuses cycles; this only stops a walk that met one
    const deepest = Math.max(-1, ...parents.get(id).filter(p => parents.has(p)).map(depth));
    column.set(id, deepest + 1);
    return deepest + 1;
  };
  workflow.jobs.forEach(job => depth(job.id));
  return column;
}

function drawWorkflow(workflow) {
  const column = columns(workflow);
  const rows = [];
  const place = new Map();
  workflow.jobs.forEach(job => {
    const c = column.get(job.id);
    rows[c] = (rows[c] || 0) + 1;
    place.set(job.id, { x: c * (NODE.width + NODE.gapX), y: (rows[c] - 1) * (NODE.height + NODE.gapY) });
  });
  const graph = $('#workflow-graph');
  const width = rows.length * (NODE.width + NODE.gapX) - NODE.gapX;
  const height = Math.max(...rows) * (NODE.height + NODE.gapY) - NODE.gapY;
  graph.setAttribute('width', width + 2);
  graph.setAttribute('height', height + 2);
  graph.setAttribute('viewBox', '-1 -1 ' + (width + 2) + ' ' + (height + 2));
  const marker = svgElement('marker', { id: 'wf-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5,
    markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.appendChild(svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#9aa3af' }));
  const defs = svgElement('defs');
  defs.appendChild(marker);
  const parts = [defs];
  workflow.edges.filter(edge => place.has(edge.parent) && place.has(edge.child)).forEach(edge => {
    const from = place.get(edge.parent);
    const to = place.get(edge.child);
    const x1 = from.x + NODE.width, y1 = from.y + NODE.height / 2, x2 = to.x, y2 = to.y + NODE.height / 2;
    const bend = (x2 - x1) / 2;
    parts.push(svgElement('path', { class: 'wf-edge', 'data-parent': edge.parent, 'data-child': edge.child,
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}` }));
  });
  workflow.jobs.forEach(job => {
    const at = place.get(job.id);
    const node = svgElement('g', { class: 'wf-node', transform: `translate(${at.x} ${at.y})`,
      'data-job-id': job.id, 'data-state': job.state });
    node.appendChild(svgElement('rect', { width: NODE.width, height: NODE.height }));
    node.appendChild(svgElement('text', { x: 8, y: 17 }, job.type));
    node.appendChild(svgElement('text', { x: 8, y: 33, class: 'state-' + job.state }, job.state));
    node.appendChild(svgElement('title', {}, job.id));
    node.addEventListener('click', () => openJob(job.id));
    parts.push(node);
  });
  graph.replaceChildren(...parts);
}

// A workflow that cannot be read (an unknown id, or one whose jobs retention purged) closes the panel and is
// forgotten, so that the next refreshes do not fail on it again.
async function refreshWorkflow() {
  if (!view.openWorkflowId) return;
  const id = view.openWorkflowId;
  let workflow;
  try {
    workflow = await api('GET', '/workflows/' + encodeURIComponent(id));
  } catch (error) {
    view.openWorkflowId = null;
    $('#workflow').hidden = true;
    throw new Error('workflow ' + id + ': ' + error.message);
  }
  const box = $('#workflow');
  box.dataset.workflowId = workflow.id;
  box.dataset.state = workflow.state;
  $('#workflow-name').textContent = workflow.name;
  $('#workflow-state').textContent = workflow.state;
  $('#workflow-state').className = 'state-' + workflow.state;
  $('#workflow-failed').textContent = workflow.failed_job ? '(first to fail: ' + workflow.failed_job + ')' : '';
  $('#cancel-workflow').hidden = workflow.state === 'completed' || workflow.state === 'cancelled';
  $('#retry-workflow').hidden = workflow.state !== 'failed' && workflow.state !== 'cancelled';
  $('#workflow-totals').replaceChildren(...STATES.map(state => {
    const count = element('div', null, 'count state-' + state);
    count.dataset.state = state;
    count.appendChild(element('span', workflow.totals[state], 'n'));
    count.appendChild(document.createTextNode(state));
    return count;
  }));
  drawWorkflow(workflow);
  box.hidden = false;
}

async function openWorkflow(id) {
  view.openWorkflowId = id;
  try {
    await refreshWorkflow();
  } catch (error) {
    showStatus(error.message, true);
  }
}

async function actOnWorkflow(action) {
  try {
    await api('POST', '/workflows/' + encodeURIComponent(view.openWorkflowId) + '/' + action);
    showStatus('workflow ' + action + ' done');
  } catch (error) {
    showStatus('workflow ' + action + ' refused — ' + error.message, true);
  }
  await refresh();
}

async function act(action) {
  try {
    await api('POST', '/jobs/' + encodeURIComponent(view.openJobId) + '/' + action);
    showStatus(action + ' done');
  } catch (error) {
    showStatus(action + ' refused — ' + error.message, true);
  }
  await refresh();
}

async function refresh() {
  try {
    await Promise.all([refreshStats(), refreshTrends(), refreshQueues(), refreshSchedules(), refreshJobs(),
      refreshDetail(), refreshWorkflow()]);
    showStatus('updated ' + new Date().toLocaleTimeString());
  } catch (error) {
    showStatus('could not load: ' + error.message, true);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('#token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('#token-form').addEventListener('submit', event => {
    event.preventDefault();
    const token = $('#token').value.trim();
    if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
    refresh();
  });
  $('#filters').addEventListener('submit', event => {
    event.preventDefault();
    view.cursor = null;
    refresh();
  });
  $('#next-page').addEventListener('click', () => {
    view.cursor = $('#next-page').dataset.cursor || null;
    refresh();
  });
  $('#first-page').addEventListener('click', () => { view.cursor = null; refresh(); });
  $('#retry-job').addEventListener('click', () => act('retry'));
  $('#cancel-job').addEventListener('click', () => act('cancel'));
  $('#close-detail').addEventListener('click', () => { view.openJobId = null; $('#job-detail').hidden = true; });
  $('#workflow-form').addEventListener('submit', event => {
    event.preventDefault();
    const id = $('#workflow-id').value.trim();
    if (id) openWorkflow(id);
  });
  $('#cancel-workflow').addEventListener('click', () => actOnWorkflow('cancel'));
  $('#retry-workflow').addEventListener('click', () => actOnWorkflow('retry'));
  // A link to #workflow-<id> opens that workflow.
  const linked = /^#workflow-([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (linked) {
    $('#workflow-id').value = linked[1];
    openWorkflow(linked[1]);
  }
  refresh();
  setInterval(refresh, REFRESH_MS);
});
