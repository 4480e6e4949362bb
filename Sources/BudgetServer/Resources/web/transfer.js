// Files in and out: the disclosure workbook and the published PDF as downloads (refused with the
// check's errors unless 未经校验 is chosen, as `budget export --force`), and an items CSV or a
// draft workbook as an upload, all or nothing, its located problems listed.
import { el, showError, showDone } from './ui.js';

const csrf = document.querySelector('meta[name="csrf-token"]').content;

// The name the server gave in Content-Disposition (RFC 5987 `filename*`), else `fallback`.
function fileName(response, fallback) {
  const header = response.headers.get('Content-Disposition') || '';
  const match = header.match(/filename\*=UTF-8''([^;]+)/i);
  return match ? decodeURIComponent(match[1]) : fallback;
}

async function failure(response) {
  try { return await response.json(); } catch { return { error: `请求失败（${response.status}）` }; }
}

export async function showTransfer(page, context) {
  const { project } = context;
  const notice = el('div', { class: 'notice', id: 'transfer-message', role: 'status' });
  const force = el('input', { type: 'checkbox', id: 'export-force' });
  const exportBox = el('fieldset', {},
    el('legend', {}, '导出'),
    el('button', { type: 'button', id: 'export-workbook', onclick: () => download('workbook', 'xlsx') }, '下载公开表工作簿（.xlsx）'),
    el('button', { type: 'button', id: 'export-pdf', onclick: () => download('pdf', 'pdf') }, '下载公开文件（PDF）'),
    el('label', {}, force, '检查有错误也导出（每张表标注“未经校验”）'),
    el('p', { class: 'muted' }, 'PDF 由 LibreOffice 排版，要一两分钟。'));
  const file = el('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv' });
  const mode = el('select', { id: 'import-mode' },
    new Option('默认（CSV 添加到已有明细之后；工作簿导入项目中还没有的部分）', ''), new Option('添加', 'add'), new Option('替换', 'replace'));
  const unit = el('select', { id: 'import-unit' }, new Option('金额以元为单位', 'yuan'), new Option('金额以万元为单位', 'wan'));
  const importBox = el('form', { id: 'import-form' },
    el('fieldset', {}, el('legend', {}, '导入明细 CSV 或填报工作簿（.xlsx）'), file, mode, unit, el('button', { type: 'submit' }, '导入'),
      el('p', { class: 'muted' }, '全部检查无误才写入，有错就一条也不写；项目中已有明细时，导入前先另存为快照，可以撤销。')));
  page.replaceChildren(el('h2', {}, '导入导出'), exportBox, importBox, notice);

  async function download(kind, extension) {
    showDone(notice, [kind === 'pdf' ? '正在生成 PDF…' : '正在导出…']);
    try {
      const query = new URLSearchParams({ project, ...(force.checked ? { force: '1' } : {}) });
      const response = await fetch(`/api/export/${kind}?${query}`, { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
      if (!response.ok) { showError(notice, await failure(response)); return; }
      const blob = await response.blob();
      const name = fileName(response, `budget.${extension}`);
      const link = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.append(link); link.click(); link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      showDone(notice, [`已下载 ${name}。`]);
    } catch (error) { showError(notice, error); }
  }

  importBox.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = file.files[0];
    if (!chosen) { showError(notice, { error: '请先选择要导入的文件。' }); return; }
    showDone(notice, [`正在导入 ${chosen.name}…`]);
    try {
      const query = new URLSearchParams({ project, name: chosen.name, mode: mode.value, unit: unit.value });
      const response = await fetch(`/api/import?${query}`, {
        method: 'POST', headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/octet-stream' }, body: chosen,
      });
      if (!response.ok) { showError(notice, await failure(response)); return; }
      const data = await response.json();
      showDone(notice, data.lines);
      await context.reload(data.writes);
    } catch (error) { showError(notice, error); }
  });
}
