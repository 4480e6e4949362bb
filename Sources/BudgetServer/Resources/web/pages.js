// The parts of the project as pages, read from the project's session: a list for each part,
// with the edits the session offers simply (units added and removed, a project renamed or its
// amount set, the statement's texts); a refusal is shown with its place and value.
import { call } from './api.js';
import { el, table, showError, showDone } from './ui.js';

// A part as a list (procurement, assets, prior, roster, standards, caps); `extra` adds cells.
export async function showPart(box, part, context, extra) {
  const data = await call('GET', '/api/part', { project: context.project, part });
  const parts = [el('h2', {}, data.title)];
  parts.push(data.rows.length ? table(data.columns, data.rows, extra && ((row, i) => extra(data, i))) : el('p', { class: 'muted' }, '（没有内容）'));
  if (data.note) parts.push(el('p', { class: 'muted' }, data.note));
  const shown = el('div', { class: 'part', data: { part } }, ...parts);
  box.replaceChildren(shown);
  return shown;
}

export async function showUnits(page, context) {
  const notice = el('div', { class: 'notice', role: 'status' });
  const list = el('div');
  const field = (name, placeholder, size) => el('input', { name, placeholder, size });
  const nature = el('select', { name: 'nature' }, ...['行政', '事业', '参公'].map((n) => new Option(n, n)));
  const form = el('form', { class: 'line', id: 'unit-add' },
    field('code', '单位编码', 8), field('name', '单位名称', 20), nature, field('level', '单位规格（可不填）', 12), field('fundingForm', '经费保障形式（可不填）', 14),
    el('button', { type: 'submit' }, '添加单位'));
  page.replaceChildren(list, form, notice);
  const draw = () => showPart(list, 'units', context, (data, i) => [el('td', { class: 'actions' },
    el('button', { type: 'button', onclick: () => remove(data.keys[i]) }, '删除'))]);
  async function remove(code) {
    if (!window.confirm(`删除单位 ${code}？（只有没有明细的单位可以删除）`)) return;
    try { await call('DELETE', '/api/units', { project: context.project, code }); showDone(notice, [`已删除单位 ${code}。`]); await draw(); } catch (error) { showError(notice, error); }
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    try {
      await call('POST', '/api/units', { project: context.project }, values);
      showDone(notice, [`已添加单位 ${values.code} ${values.name}。`]); form.reset(); await draw();
    } catch (error) { showError(notice, error); }
  });
  await draw();
}

export async function showProjects(page, context) {
  const notice = el('div', { class: 'notice', role: 'status' });
  const list = el('div');
  page.replaceChildren(list, notice);
  // A project's 绩效目标表 is one of the document's tables, titled “N、名称绩效目标表”.
  const tableOf = (name) => [...document.querySelectorAll('#table-choice option')].find((o) => o.textContent.endsWith(`、${name}绩效目标表`));
  const draw = () => showPart(list, 'projects', context, (data, i) => {
    const name = data.keys[i];
    const target = tableOf(name);
    return [el('td', { class: 'actions' },
      el('button', { type: 'button', onclick: () => change(name, 'rename', `“${name}”的新名称：`, name) }, '改名'),
      el('button', { type: 'button', onclick: () => change(name, 'amount', `“${name}”的项目金额（元；清空则删除）：`, '') }, '项目金额'),
      target ? el('button', { type: 'button', onclick: () => context.showTable(target.value) }, '绩效目标表') : null)];
  });
  async function change(name, what, question, value) {
    const given = window.prompt(question, value);
    if (given === null) return;
    try {
      const data = await call('PATCH', '/api/projects', { project: context.project }, { name, [what]: given });
      showDone(notice, [what === 'rename' ? `已把项目“${name}”改名为“${given}”。` : `项目“${name}”的金额：${data.amount || '已清空'}`, data.warning].filter(Boolean));
      await draw();
    } catch (error) { showError(notice, error); }
  }
  await draw();
}

export async function showTexts(page, context) {
  const data = await call('GET', '/api/texts', { project: context.project });
  const parts = [el('h2', {}, '情况说明的文字'), el('p', { class: 'muted' }, '每行一段。保存后右边的情况说明随之更新。')];
  for (const section of data.sections) {
    const notice = el('div', { class: 'notice', role: 'status' });
    const text = el('textarea', { rows: 6, value: section.text, data: { section: section.id } });
    const save = el('button', { type: 'button', onclick: async () => {
      try {
        const saved = await call('PUT', '/api/texts', { project: context.project, section: section.id }, { text: text.value });
        showDone(notice, [`已保存“${section.name}”，${saved.paragraphs} 段。`]);
      } catch (error) { showError(notice, error); }
    } }, '保存');
    parts.push(el('section', { class: 'text-section' }, el('h3', {}, section.name), text, save, notice));
  }
  page.replaceChildren(...parts);
}

// Last year's figures and the assets: each row changed in place through `budget prior set`'s
// and `budget asset set`'s operations (amounts in 元; an empty answer clears a figure).
export async function showEditable(page, part, context) {
  const notice = el('div', { class: 'notice', role: 'status' });
  const list = el('div');
  page.replaceChildren(list, notice);
  const plain = (text) => (text === '未填' || text.startsWith('（') ? '' : text.replaceAll(',', ''));
  const draw = () => showPart(list, part, context, (data, i) => [el('td', { class: 'actions' },
    el('button', { type: 'button', onclick: () => change(data.keys[i], data.rows[i]) }, '修改'))]);
  async function change(key, row) {
    const value = window.prompt(`“${row[0]}”${part === 'prior' ? '的上年数（元；清空则删除）' : '（清空则删除）'}：`, plain(row[1]));
    if (value === null) return;
    let body;
    if (part === 'prior') {
      const reason = window.prompt(`“${row[0]}”的增减原因（可不填）：`, row[2] || '');
      if (reason === null) return;
      body = { item: key, amount: value.trim(), reason: reason.trim() };
    } else {
      body = { changes: { [key]: value.trim() } };
    }
    try {
      await call('PATCH', `/api/${part}`, { project: context.project }, body);
      showDone(notice, [`已修改“${row[0]}”。`]); await draw();
    } catch (error) { showError(notice, error); }
  }
  await draw();
}
