// Wires the workbench: the project picker, the grid, the tables, the findings, and the
// server's change events (this page's edits, another browser's, or the command line's).
import { api } from './api.js';
import { Grid } from './grid.js';
import { Tables } from './tables.js';
import { showFindings } from './findings.js';
import { setupProject } from './project.js';

const $ = (id) => document.getElementById(id);
let project = null;
let seenWrites = -1;

const grid = new Grid($('grid'), { message: $('message'), totals: $('totals'), paste: $('paste'), onSaved: (writes) => changed(writes, false, true), onAnswer: tableAfterEdit });
const tables = new Tables($('table-view'), $('table-choice'), { onCell: explain, onChoose: (id) => refreshTables(id) });
// The tabs beside 明细 (units, projects, texts …, snapshots, import and export).
const pages = setupProject($('tabs'), $('page'), document.querySelector('section.items'), {
  project: () => project, reload: (writes) => changed(writes, true), showTable: (id) => refreshTables(id),
});

// One table (the one shown, after a change: one of the template's tables is computed alone),
// or, with `all`, the list of every table too (on opening, and when another program changed
// the project: its projects, and so its 绩效目标表, may have changed).
async function refreshTables(table = tables.chosen(), all = false, asked = null) {
  try {
    const data = await (asked || api.tables(project, all ? undefined : table));
    $('department').textContent = `${data.department}　${data.year} 年`;
    tables.show(data);
  } catch (error) { $('table-view').textContent = error.message; }
}

// The check reads more than the tables (a large project's takes seconds): it is asked once
// edits pause for a second, one request at a time (the server runs one check and lets requests
// made meanwhile share the next). Until it answers, the panel says its findings are stale.
let checking = null;
let checkTimer = null;
function refreshFindings(delay = 1200) {
  clearTimeout(checkTimer);
  staleFindings();
  checkTimer = setTimeout(async () => {
    if (checking) { await checking; return refreshFindings(0); }
    const asked = project;
    checking = api.check(asked)
      .then((result) => { if (asked === project) showFindings($('findings'), $('gate'), result); })
      .catch((error) => { $('findings').textContent = error.message; })
      .finally(() => { checking = null; });
  }, delay);
}

function staleFindings() {
  const panel = $('findings');
  if (panel.querySelector('.stale')) return;
  const note = document.createElement('p'); note.className = 'stale'; note.textContent = '正在重新校验…';
  panel.prepend(note);
}

// After this page's own edit the grid already shows the saved line: it is fetched again (its
// count and total) only once edits pause, as the check is (a page of the grid at a million
// items takes the session's queue for 20 ms, which the next edit would wait for).
let gridTimer = null;
function reloadGridSoon() {
  clearTimeout(gridTimer);
  gridTimer = setTimeout(() => (grid.editing ? reloadGridSoon() : grid.reload()), 1200);
}

// The shown table is asked for as soon as an edit's answer arrives, before the grid redraws its
// rows: the server computes it while the page is busy (asked after the answer, it always sees
// the edit).
let editTable = null;
function tableAfterEdit(result) {
  const table = tables.chosen();
  const data = api.tables(project, table);
  data.catch(() => {});
  editTable = { project, table, writes: result.writes, data };
}

// The project moved on to write count `writes`: everything shown is fetched again once.
async function changed(writes, fromFile = false, own = false) {
  if (writes !== undefined && writes <= seenWrites) return;
  const next = writes !== undefined && writes === seenWrites + 1;
  if (writes !== undefined) seenWrites = writes;
  if (own && next) {
    const ahead = editTable;
    editTable = null;
    const fits = ahead && ahead.writes === writes && ahead.project === project && ahead.table === tables.chosen();
    await refreshTables(undefined, false, fits ? ahead.data : null);
    reloadGridSoon();
  } else {
    await Promise.all([grid.reload(), fromFile ? refreshTables(undefined, true) : refreshTables()]);
  }
  pages.changed();
  if (!fromFile && performance.getEntriesByName('edit-start').length) {
    performance.measure('edit', 'edit-start');
    performance.clearMarks('edit-start');
  }
  refreshFindings();
}

// A change event for this page's own edit can come before the edit's answer: while the grid is
// saving (for two seconds at most), the event waits; the answer then brings the page to the
// event's write count and the event is dropped, instead of fetching the grid and table twice.
function announced(writes, fromFile, since = performance.now()) {
  const saving = grid.saving;
  if (saving && performance.now() - since < 2000) { setTimeout(() => announced(writes, fromFile, since), 20); return; }
  changed(writes, fromFile);
}

async function explain(table, row, column) {
  const box = $('explain');
  try {
    const data = await api.explain(project, table, row, column);
    const title = document.createElement('strong');
    title.textContent = `${data.table}：${data.row} · ${data.column} = ${data.value}`;
    const rules = document.createElement('ul');
    for (const rule of data.rules) { const li = document.createElement('li'); li.textContent = rule; rules.append(li); }
    const items = document.createElement('p');
    items.textContent = data.itemCount
      ? `由 ${data.itemCount} 条明细汇总，合计 ${data.itemsTotal} 元：` + data.items.slice(0, 50).map((i) => `#${i.id} ${i.functional} ${i.economic} ${i.amountText}`).join('；')
      : '';
    box.replaceChildren(title, rules, items);
    if (data.itemCount) grid.showCell({ table, row, column }, `${data.table}：${data.row} · ${data.column}`);
  } catch (error) { box.textContent = error.message; }
}

async function open(name) {
  project = name; seenWrites = -1;
  history.replaceState(null, '', `?project=${encodeURIComponent(name)}`);
  await Promise.all([grid.open(name, filters()), refreshTables(undefined, true)]);
  seenWrites = grid.writes ?? -1;
  pages.opened();
  refreshFindings(0);
}

function filters() {
  const form = new FormData($('filters'));
  return Object.fromEntries([...form.entries()].filter(([, v]) => v !== ''));
}

async function start() {
  const session = await api.session();
  const sources = $('filters').elements.source;
  for (const s of session.sources) sources.append(new Option(s.name, s.value));
  const picker = $('project');
  picker.replaceChildren(...session.projects.map((p) => new Option(p, p)));
  picker.addEventListener('change', () => open(picker.value));
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); grid.open(project, filters()); });
  $('filters').addEventListener('reset', () => setTimeout(() => grid.open(project, {}), 0));
  const wanted = new URLSearchParams(location.search).get('project');
  if (wanted && session.projects.includes(wanted)) picker.value = wanted;
  if (picker.value) await open(picker.value);
  else $('table-view').textContent = '文件夹中还没有项目文件（*.budget）。';
  const events = new EventSource('/api/events');
  events.addEventListener('change', (e) => {
    const data = JSON.parse(e.data);
    if (data.project !== project) return;
    $('live').classList.add('flash'); setTimeout(() => $('live').classList.remove('flash'), 1000);
    // A restore or an import changes much of the project, as a change of the file does.
    announced(Number(data.writes) < 0 ? undefined : Number(data.writes), data.origin !== 'server');
  });
  document.body.dataset.ready = 'true';
}

start().catch((error) => { $('message').textContent = error.message; $('message').className = 'message bad'; });
