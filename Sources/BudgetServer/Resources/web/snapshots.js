// Snapshots: the project's list, save under a name, restore (asked first; the page then fetches
// everything again), and what changed since a snapshot, by table, old → new.
import { call } from './api.js';
import { el, table, showError, showDone } from './ui.js';

export async function showSnapshots(page, context) {
  const { project } = context;
  const notice = el('div', { class: 'notice', id: 'snapshot-message', role: 'status' });
  const name = el('input', { id: 'snapshot-name', placeholder: '快照名称，如 一上', size: 20 });
  const form = el('form', { class: 'line', id: 'snapshot-save' }, el('label', {}, '保存当前项目为快照 ', name), el('button', { type: 'submit' }, '保存快照'));
  const list = el('div', { id: 'snapshot-list' });
  const view = el('div', { id: 'diff-view', class: 'diff' });
  page.replaceChildren(el('h2', {}, '快照'), form, notice, list, view);

  async function refresh() {
    const data = await call('GET', '/api/snapshots', { project });
    if (!data.snapshots.length) { list.replaceChildren(el('p', { class: 'muted' }, '项目中还没有快照。')); return; }
    list.replaceChildren(table(['编号', '名称', '保存时间', '明细条数', '合计（元）'],
      data.snapshots.map((s) => [String(s.number), s.name, s.created, String(s.itemCount), s.totalText]),
      (row, index) => {
        const snapshot = data.snapshots[index];
        return [el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'diff-button', data: { name: snapshot.name }, onclick: () => compare(snapshot.name) }, '与现在比较'),
          el('button', { type: 'button', class: 'restore-button', data: { name: snapshot.name }, onclick: () => restore(snapshot.name) }, '恢复'))];
      }));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const data = await call('POST', '/api/snapshots', { project }, { name: name.value });
      showDone(notice, [`已保存快照“${data.snapshot.name}”（${data.snapshot.itemCount} 条明细，合计 ${data.snapshot.totalText} 元）。`]);
      name.value = '';
      await refresh();
    } catch (error) { showError(notice, error); }
  });

  async function restore(snapshot) {
    if (!window.confirm(`恢复快照“${snapshot}”？\n项目将回到保存这个快照时的样子；现在的内容会先另存为一个快照，可以再恢复回来。`)) return;
    try {
      const data = await call('POST', '/api/snapshots/restore', { project }, { name: snapshot });
      showDone(notice, [`已恢复快照“${data.restored}”。恢复前的内容已保存为快照“${data.savedAs}”。`]);
      view.replaceChildren();
      await Promise.all([refresh(), context.reload(Number(data.writes))]);
    } catch (error) { showError(notice, error); }
  }

  async function compare(snapshot) {
    view.replaceChildren(el('p', { class: 'muted' }, '正在比较…'));
    try { drawDiff(view, await call('GET', '/api/diff', { project, from: snapshot })); } catch (error) { showError(view, error); }
  }

  await refresh();
}

// The comparison as a clerk reads it: the line items added, removed and changed, then each
// table with its changed cells (row, column, old → new and the change), then the rest.
export function drawDiff(view, diff) {
  const parts = [el('h3', {}, `比较：${diff.from} → ${diff.to}`)];
  if (diff.same) { view.replaceChildren(...parts, el('p', {}, '没有差别。')); return; }
  const c = diff.counts;
  parts.push(el('p', { class: 'summary' }, `明细：新增 ${c.added} 条，删除 ${c.removed} 条，修改 ${c.changed} 条；预算合计 ${diff.oldTotal} → ${diff.newTotal} 元。`));
  if (diff.items.length) {
    parts.push(el('ul', { class: 'diff-items' }, ...diff.items.map((item) => {
      const shown = (f, text) => (text ? (f.field === '金额' ? `${text} 元` : text) : '（空）');
      const fields = item.fields.map((f) => `${f.field} ${shown(f, f.old)} → ${shown(f, f.new)}`).join('；');
      return el('li', {}, item.kind === '修改' ? `修改 #${item.id}：${fields}（原为 ${item.text}）` : `${item.kind} ${item.text}`);
    })));
  }
  for (const t of diff.tables) {
    parts.push(el('h4', {}, `表${t.table} ${t.title}（${t.unit}）`));
    const shown = table(['行', '栏', '原数', '现数', '增减', '明细'], t.cells.map((cell) => [
      cell.row, cell.column, cell.old, cell.new, cell.delta,
      cell.items.map((i) => `#${i}`).join(' ') + (cell.itemCount > cell.items.length ? ` 等 ${cell.itemCount} 条` : ''),
    ]));
    shown.dataset.table = t.table; shown.classList.add('diff-table');
    parts.push(shown);
  }
  if (diff.other.length) parts.push(el('h4', {}, '其他变化'), el('ul', {}, ...diff.other.map((line) => el('li', {}, line))));
  if (diff.caps.length) parts.push(el('h4', {}, '控制数变化'), el('ul', {}, ...diff.caps.map((line) => el('li', {}, line))));
  view.replaceChildren(...parts);
}
