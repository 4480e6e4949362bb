// A block of rows pasted from Excel or WPS (tab-separated, in the grid's column order, with or
// without the header row). The text goes to the server as it is, which reads and checks it
// with the importer's rules, all or nothing; when it is refused, the block is shown under the
// grid as it was pasted, each bad cell marked (its message on hover), and every problem listed
// by its row, column and value. The splitting here only lays the block out for that display.

// The grid's columns in its order, each with the names a header may give it.
export const pasteColumns = [
  { field: null, names: ['编号', 'id'] },
  { field: 'unit', names: ['单位', '单位编码', 'unit'] },
  { field: 'functional', names: ['功能科目', '功能分类科目编码', 'functional'] },
  { field: 'economic', names: ['经济科目', '经济分类科目编码', 'economic'] },
  { field: 'type', names: ['类型', '支出类型', 'type'] },
  { field: 'nature', names: ['经费', '经费类型', 'nature'] },
  { field: 'project', names: ['项目', '项目名称', 'project'] },
  { field: 'source', names: ['资金来源', 'source'] },
  { field: 'amount', names: ['金额（元）', '金额', 'amount'] },
  { field: 'note', names: ['备注', 'note'] },
];

// Lines of tab-separated text, each { line, cells }: quoted cells ("a<TAB>b", "x""y", line
// breaks inside) as a spreadsheet writes them.
export function splitRows(text) {
  const rows = []; let cells = []; let cell = ''; let line = 1; let start = 1; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell); rows.push({ line: start, cells }); cells = []; cell = ''; line++; start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) { cells.push(cell); rows.push({ line: start, cells }); }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function isHeader(row) {
  const first = row.cells.find((c) => c.trim() !== '');
  return first !== undefined && pasteColumns.some((c) => c.names.includes(first.trim()));
}

// Where a field's cell is in a pasted row: by the header's names, else by the grid's order (a
// row of fewer than ten cells starts at 单位).
function place(field, column, row, header) {
  const beyond = /^第 (\d+) 列$/.exec(column || '');
  if (beyond) return Number(beyond[1]) - 1;
  if (!field) return -1;
  const names = pasteColumns.find((c) => c.field === field).names;
  if (header) return header.cells.findIndex((c) => names.includes(c.trim()));
  const index = pasteColumns.findIndex((c) => c.field === field);
  return row.cells.length >= pasteColumns.length ? index : index - 1;
}

// Shows a refused block in `panel`: the rows as pasted with each bad cell marked, and the list.
export function showRefusal(panel, text, error) {
  const rows = splitRows(text);
  const header = rows.length && isHeader(rows[0]) ? rows[0] : null;
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const marks = new Map();
  for (const problem of error.problems) {
    const row = byLine.get(problem.line);
    if (!row) continue;
    const index = place(problem.field, problem.column, row, header);
    if (index >= 0) marks.set(`${problem.line},${index}`, problem.message);
  }
  const title = document.createElement('strong');
  title.textContent = `粘贴的 ${rows.length - (header ? 1 : 0)} 行没有添加：有 ${error.problems.length} 处问题，没有写入任何内容。改好后请重新复制粘贴。`;
  const close = document.createElement('button'); close.type = 'button'; close.textContent = '关闭';
  close.addEventListener('click', () => clearPanel(panel));
  const table = document.createElement('table'); table.className = 'pasted';
  const width = Math.max(...rows.map((r) => r.cells.length));
  for (const row of rows) {
    const tr = document.createElement('tr'); tr.dataset.line = row.line;
    const number = document.createElement('th'); number.textContent = `第 ${row.line} 行`; tr.append(number);
    for (let i = 0; i < width; i++) {
      const td = document.createElement(row === header ? 'th' : 'td'); td.textContent = row.cells[i] ?? '';
      const message = marks.get(`${row.line},${i}`);
      if (message) { td.className = 'invalid'; td.title = message; }
      tr.append(td);
    }
    table.append(tr);
  }
  const list = document.createElement('ul');
  for (const p of error.problems) {
    const li = document.createElement('li');
    const where = [p.line ? `第 ${p.line} 行` : '', p.column || ''].filter(Boolean).join('，');
    li.textContent = `${where}${p.value !== undefined && p.value !== null ? `，值“${p.value}”` : ''}：${p.message}`;
    list.append(li);
  }
  panel.replaceChildren(title, close, table, list);
  panel.hidden = false;
}

export function clearPanel(panel) { panel.replaceChildren(); panel.hidden = true; }
