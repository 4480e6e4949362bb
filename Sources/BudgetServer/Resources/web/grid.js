// The line items as a spreadsheet: virtual scrolling (only the rows in view are in the page,
// fetched a page at a time), an active cell moved with the keyboard, and inline editing of the
// amount, the codes (with a list of the catalog's codes) and the note; lines added (Insert or
// Ctrl+Enter), removed (Ctrl+Delete, the lines selected with Shift), pasted from Excel or WPS
// (Ctrl+V), and this page's changes undone (Ctrl+Z). The grid shows the items of a filter, or
// those of one cell of a table (clicked in the table beside it).
import { api, ApiError } from './api.js';
import { Picker } from './picker.js';
import { clearPanel, showRefusal } from './paste.js';
import { UndoStack, seenOf } from './undo.js';

const ROW = 28;
const PAGE = 200;
export const columns = [
  { key: 'id', label: '编号', num: true },
  { key: 'unit', label: '单位' },
  { key: 'functional', label: '功能科目', edit: true, show: (i) => `${i.functional} ${i.functionalName || ''}` },
  { key: 'economic', label: '经济科目', edit: true, show: (i) => `${i.economic} ${i.economicName || ''}` },
  { key: 'type', label: '类型', show: (i) => i.typeName || i.type },
  { key: 'nature', label: '经费', show: (i) => i.natureName || '' },
  { key: 'project', label: '项目', show: (i) => i.project || '' },
  { key: 'source', label: '资金来源', show: (i) => i.sourceName || i.source },
  { key: 'amount', label: '金额（元）', num: true, edit: true, show: (i) => i.amountText, raw: (i) => (i.amount / 100).toFixed(2) },
  { key: 'note', label: '备注', edit: true },
];

const AMOUNT = columns.findIndex((c) => c.key === 'amount');
// The most lines removed at once (each is sent back as it was shown).
const REMOVE_LIMIT = 1000;

// A column's value on a line as the grid shows it (for the message about someone else's change).
function shownValue(column, item) { return column.show ? column.show(item) : String(item[column.key] ?? ''); }

export class Grid {
  constructor(element, { message, totals, paste, onSaved, onAnswer }) {
    this.el = element; this.message = message; this.totalsEl = totals; this.pastePanel = paste; this.onSaved = onSaved;
    this.onAnswer = onAnswer;
    this.project = null; this.filters = {}; this.cell = null; this.count = 0; this.pages = new Map(); this.loading = new Map();
    this.active = { row: 0, col: 8 }; this.anchor = null; this.editing = null; this.generation = 0;
    this.undoStack = new UndoStack();
    this.head = document.createElement('div'); this.head.className = 'head';
    for (const c of columns) { const d = document.createElement('div'); d.textContent = c.label; if (c.num) d.className = 'num'; this.head.append(d); }
    this.body = document.createElement('div'); this.body.className = 'body'; this.body.style.position = 'relative';
    this.el.append(this.head, this.body);
    this.el.addEventListener('scroll', () => this.draw());
    this.el.addEventListener('keydown', (e) => this.key(e));
    this.el.addEventListener('click', (e) => this.click(e));
    this.el.addEventListener('dblclick', (e) => { if (this.click(e)) this.startEdit(); });
    this.el.addEventListener('paste', (e) => this.paste(e));
  }

  // The grid of `project`'s items that `filters` match (none: all of them).
  open(project, filters = {}) {
    if (project !== this.project) this.undoStack.clear();
    this.project = project; this.filters = filters; this.cell = null;
    this.active = { row: 0, col: 8 }; this.anchor = null; return this.reload();
  }

  // The grid of the items summed into one cell of a table (`cell`: table, row, column as
  // /api/explain takes them; `label` says which cell), until cleared.
  showCell(cell, label) {
    this.cell = { ...cell, label }; this.active = { row: 0, col: AMOUNT }; this.anchor = null; this.el.scrollTop = 0;
    return this.reload();
  }

  clearCell() { this.cell = null; this.active = { row: 0, col: AMOUNT }; this.el.scrollTop = 0; return this.reload(); }

  // Forgets every fetched page (the project changed) and draws again.
  async reload() {
    this.generation++; this.pages.clear(); this.loading.clear();
    await this.page(Math.floor(this.firstVisible() / PAGE));
    this.draw();
  }

  firstVisible() { return Math.max(0, Math.floor(this.el.scrollTop / ROW) - 1); }

  async page(index) {
    if (this.pages.has(index)) return this.pages.get(index);
    if (this.loading.has(index)) return this.loading.get(index);
    const generation = this.generation;
    const cell = this.cell;
    const asked = cell
      ? api.cellItems(this.project, { table: cell.table, row: cell.row, column: cell.column }, index * PAGE, PAGE)
      : api.items(this.project, this.filters, index * PAGE, PAGE);
    const request = asked.then((data) => {
      if (generation !== this.generation) return null;
      this.count = data.count; this.writes = data.writes;
      this.showTotals(data);
      this.pages.set(index, data.items); this.loading.delete(index);
      return data.items;
    }).catch((error) => { this.loading.delete(index); this.say(error.message, true); });
    this.loading.set(index, request);
    return request;
  }

  showTotals(data) {
    const text = `共 ${data.count.toLocaleString('zh-CN')} 条明细，合计 ${data.totalText} 元`;
    if (!this.cell) { this.totalsEl.textContent = text; return; }
    const label = document.createElement('span'); label.className = 'cell-filter';
    label.textContent = `只看表格这一格的明细：${this.cell.label}。${text}`;
    const clear = document.createElement('button'); clear.type = 'button'; clear.id = 'clear-cell'; clear.textContent = '显示全部明细';
    clear.addEventListener('click', () => this.clearCell());
    this.totalsEl.replaceChildren(label, clear);
  }

  item(row) { const page = this.pages.get(Math.floor(row / PAGE)); return page ? page[row % PAGE] : undefined; }

  // Draws the rows in view (and a few around them); fetches the pages they are on.
  draw() {
    this.body.style.height = `${this.count * ROW}px`;
    const first = this.firstVisible();
    const last = Math.min(this.count, first + Math.ceil(this.el.clientHeight / ROW) + 2);
    const wanted = new Set();
    for (let r = first; r < last; r++) wanted.add(Math.floor(r / PAGE));
    for (const p of wanted) if (!this.pages.has(p)) this.page(p).then(() => this.draw());
    const keep = this.editing ? this.editing.rowEl : null;
    for (const child of [...this.body.children]) if (child !== keep) child.remove();
    for (let r = first; r < last; r++) {
      if (keep && Number(keep.dataset.row) === r) continue;
      const item = this.item(r);
      const rowEl = document.createElement('div');
      rowEl.className = 'row' + (this.isSelected(r) ? ' selected' : ''); rowEl.style.top = `${r * ROW}px`; rowEl.dataset.row = r;
      if (item) rowEl.dataset.id = item.id;
      columns.forEach((c, ci) => {
        const cell = document.createElement('div');
        cell.className = 'cell' + (c.num ? ' num' : '') + (r === this.active.row && ci === this.active.col ? ' active' : '');
        cell.dataset.col = ci;
        cell.textContent = item ? (c.show ? c.show(item) : String(item[c.key] ?? '')) : '…';
        if (item && this.invalid && this.invalid.id === item.id && this.invalid.col === ci) {
          cell.classList.add(this.invalid.conflict ? 'conflict' : 'invalid'); cell.title = this.invalid.text;
        }
        rowEl.append(cell);
      });
      this.body.append(rowEl);
    }
  }

  click(e) {
    const cell = e.target.closest('.cell'); if (!cell || this.editing) return false;
    const row = Number(cell.parentElement.dataset.row);
    if (e.shiftKey) { if (this.anchor === null) this.anchor = this.active.row; } else this.anchor = null;
    this.active = { row, col: Number(cell.dataset.col) };
    this.el.focus(); this.draw(); return true;
  }

  // The lines selected: from the anchor (Shift) to the active line, or the active line alone.
  selection() {
    const a = this.anchor === null ? this.active.row : this.anchor;
    return { first: Math.min(a, this.active.row), last: Math.max(a, this.active.row) };
  }

  isSelected(row) { if (this.anchor === null) return false; const s = this.selection(); return row >= s.first && row <= s.last; }

  move(dr, dc, extend = false) {
    if (extend) { if (this.anchor === null) this.anchor = this.active.row; } else if (dr || dc) this.anchor = null;
    const row = Math.max(0, Math.min(this.count - 1, this.active.row + dr));
    const col = Math.max(0, Math.min(columns.length - 1, this.active.col + dc));
    this.active = { row, col };
    const top = row * ROW, bottom = top + ROW + ROW;
    if (top < this.el.scrollTop + ROW) this.el.scrollTop = Math.max(0, top - ROW);
    else if (bottom > this.el.scrollTop + this.el.clientHeight) this.el.scrollTop = bottom - this.el.clientHeight;
    this.draw();
  }

  key(e) {
    if (this.editing) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageDown: [20, 0], PageUp: [-20, 0] };
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'z' || e.key === 'Z')) { e.preventDefault(); this.undo(); }
    else if (e.key === 'Insert' || (ctrl && e.key === 'Enter')) { e.preventDefault(); this.addBelow(); }
    else if (ctrl && e.key === 'Delete') { e.preventDefault(); this.removeSelected(); }
    else if (ctrl && (e.key === 'Home' || e.key === 'End')) { e.preventDefault(); this.move((e.key === 'Home' ? 0 : this.count - 1) - this.active.row, 0); }
    else if (moves[e.key]) { e.preventDefault(); this.move(...moves[e.key], e.shiftKey && moves[e.key][0] !== 0); }
    else if (e.key === 'Tab') { e.preventDefault(); this.move(0, e.shiftKey ? -1 : 1); }
    else if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); this.startEdit(); }
    else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && /[0-9.\-]/.test(e.key) && columns[this.active.col].key === 'amount') {
      e.preventDefault(); this.startEdit(e.key);
    }
  }

  startEdit(typed) {
    const column = columns[this.active.col]; const item = this.item(this.active.row);
    if (!column.edit || !item) return;
    const rowEl = [...this.body.children].find((r) => Number(r.dataset.row) === this.active.row); if (!rowEl) return;
    const cell = rowEl.children[this.active.col];
    const input = document.createElement('input'); input.className = 'editor';
    input.value = typed !== undefined ? typed : (column.raw ? column.raw(item) : String(item[column.key] ?? ''));
    cell.textContent = ''; cell.append(input); input.focus();
    if (typed === undefined) input.select();
    this.editing = { rowEl, input, item, column, row: this.active.row };
    if (column.key === 'functional' || column.key === 'economic') {
      this.editing.picker = new Picker(input, { project: this.project, kind: column.key, onChoose: () => this.commit(1, 0) });
    }
    input.addEventListener('keydown', (e) => {
      if (this.editing && this.editing.picker && this.editing.picker.key(e)) { e.preventDefault(); return; }
      if (e.key === 'Escape') { e.preventDefault(); this.stopEdit(); }
      else if (e.key === 'Enter') { e.preventDefault(); this.commit(1, 0); }
      else if (e.key === 'Tab') { e.preventDefault(); this.commit(0, e.shiftKey ? -1 : 1); }
      else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') { e.preventDefault(); this.commit(e.key === 'ArrowUp' ? -1 : 1, 0); }
    });
  }

  stopEdit() {
    if (this.editing && this.editing.picker) this.editing.picker.close();
    this.editing = null; this.draw(); this.el.focus();
  }

  // Sends the edit with the line as it was shown; a refusal stays on the cell (bad value) or
  // shows the fresh line (changed by someone else).
  async commit(dr, dc) {
    const { input, item, column, row, picker } = this.editing;
    if (picker) picker.close();
    const value = input.value.trim();
    const shown = column.raw ? column.raw(item) : String(item[column.key] ?? '');
    if (value === shown) { this.stopEdit(); this.move(dr, dc); return; }
    input.disabled = true;
    try {
      // Edit to redrawn table, end to end (Scripts/bench-serve reads the measure "edit").
      performance.mark('edit-start');
      const result = await api.setItem(this.project, item.id, { [column.key]: value }, seenOf(item));
      if (this.onAnswer) this.onAnswer(result);
      this.replace(row, result.item); this.invalid = null;
      this.undoStack.push({ kind: 'edit', before: item, after: result.item });
      this.say(`已保存：明细 #${item.id} ${column.label} ${column.show ? column.show(result.item) : value}`);
      this.stopEdit(); this.move(dr, dc);
      this.onSaved(result.writes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        this.conflict(error, row, column, '你的修改没有写入');
        this.stopEdit();
      } else {
        const problem = error.problems && error.problems[0];
        this.invalid = { id: item.id, col: this.active.col, text: error.message };
        this.say(problem ? `明细 #${item.id}，${problem.column || column.label}，值“${problem.value ?? value}”：${problem.message}\n没有写入任何内容。` : error.message, true);
        input.disabled = false; input.focus(); input.select();
        input.closest('.cell').classList.add('invalid');
      }
    }
  }

  // Whether an edit is on its way to the server (its editor waits, disabled).
  get saving() { return Boolean(this.editing && this.editing.input.disabled); }

  replace(row, item) { const page = this.pages.get(Math.floor(row / PAGE)); if (page) page[row % PAGE] = item; }

  // The row a line is shown on, if its page is here.
  rowOf(id) {
    for (const [index, items] of this.pages) { const at = items ? items.findIndex((i) => i.id === id) : -1; if (at >= 0) return index * PAGE + at; }
    return -1;
  }

  // Someone else changed (or removed) the line since it was shown: its fresh value is shown,
  // its cell marked, and the message says what it now reads and that nothing was written.
  conflict(error, row, column, what) {
    const current = error.current;
    if (!current || error.removed) {
      this.invalid = null;
      this.say(`这一行已被别人删除，${what}。`, true);
      return;
    }
    const at = row >= 0 ? row : this.rowOf(current.id);
    if (at >= 0) this.replace(at, current);
    const col = column ? columns.indexOf(column) : AMOUNT;
    const text = `这一行已被别人改过：现在是${columns[col].label.replace(/（.*）/, '')}“${shownValue(columns[col], current)}”（明细 #${current.id}），${what}。`;
    this.invalid = { id: current.id, col, text, conflict: true };
    this.say(text, true);
    this.draw();
  }

  // Insert or Ctrl+Enter: a new line with the unit, codes, type, nature, project and source of
  // the current one and an amount of 0, shown (it is the last line) with its amount in edit.
  async addBelow() {
    const item = this.item(this.active.row);
    const values = item
      ? { unit: item.unit, functional: item.functional, economic: item.economic, type: item.type, nature: item.nature || '',
          project: item.project || '', source: item.source, amount: '0' }
      : null;
    if (!values) { this.say('明细表是空的：请从 Excel 或 WPS 复制几行粘贴进来（Ctrl+V），或在命令行用 budget item add 添加第一行。', true); return; }
    try {
      const result = await api.addItem(this.project, values);
      this.undoStack.push({ kind: 'add', items: [result.item] });
      this.say(`已添加：明细 #${result.item.id}（在最后一行），请填写金额。`);
      await this.reload();
      const row = this.rowOf(result.item.id) >= 0 ? this.rowOf(result.item.id) : this.count - 1;
      this.anchor = null; this.active = { row, col: AMOUNT }; this.move(0, 0);
      this.onSaved(result.writes);
      this.startEdit();
    } catch (error) { this.say(error.message, true); }
  }

  // Ctrl+Delete: the selected lines, after a confirmation, each as it was shown.
  async removeSelected() {
    const { first, last } = this.selection();
    if (last - first + 1 > REMOVE_LIMIT) { this.say(`一次最多删除 ${REMOVE_LIMIT} 行；请少选一些。`, true); return; }
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) await this.page(p);
    const items = [];
    for (let r = first; r <= last && r < this.count; r++) { const item = this.item(r); if (item) items.push(item); }
    if (!items.length) return;
    const list = items.slice(0, 5).map((i) => `#${i.id} ${i.functional} ${i.economic} ${i.amountText} 元`).join('\n');
    if (!window.confirm(`删除这 ${items.length} 行明细？\n${list}${items.length > 5 ? '\n……' : ''}\n（可用 Ctrl+Z 撤销）`)) return;
    try {
      const result = await api.removeItems(this.project, items.map(seenOf));
      this.undoStack.push({ kind: 'remove', items });
      this.anchor = null; this.active = { row: first, col: this.active.col };
      this.say(`已删除 ${items.length} 行明细（Ctrl+Z 撤销）。`);
      this.onSaved(result.writes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.conflict(error, -1, null, '没有删除任何一行');
      else this.say(error.message, true);
    }
  }

  // Ctrl+V: one value goes into the active cell as an edit; a block of rows (tabs, lines) is
  // added as new lines, all or none.
  async paste(e) {
    if (this.editing || !this.project) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text) return;
    e.preventDefault();
    const trimmed = text.replace(/\r?\n$/, '');
    if (!trimmed.includes('\t') && !trimmed.includes('\n')) { this.startEdit(trimmed.trim()); return; }
    clearPanel(this.pastePanel);
    this.say('正在添加粘贴的明细……');
    try {
      const result = await api.addItems(this.project, { text });
      this.undoStack.push({ kind: 'add', items: result.items });
      this.say(`已粘贴 ${result.count} 行明细，合计 ${result.totalText} 元（加在最后；Ctrl+Z 撤销）。`);
      this.onSaved(result.writes);
    } catch (error) {
      if (error.problems && error.problems.length) {
        showRefusal(this.pastePanel, text, error);
        this.say(`粘贴的内容有 ${error.problems.length} 处问题（见下方标红的格），没有写入任何内容。`, true);
      } else this.say(error.message, true);
    }
  }

  // Ctrl+Z: this page's last change undone through the API, as this page left the lines.
  async undo() {
    if (!this.undoStack.size) { this.say('没有可撤销的修改（只能撤销在本页面所做的修改）。'); return; }
    try {
      const done = await this.undoStack.undo(this.project);
      if (done.item) { const row = this.rowOf(done.item.id); if (row >= 0) this.replace(row, done.item); }
      this.invalid = null; this.say(done.text);
      this.onSaved(done.writes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) this.conflict(error, -1, null, '撤销没有写入');
      else this.say(error.message, true);
    }
  }

  say(text, bad = false) { this.message.textContent = text; this.message.className = 'message' + (bad ? ' bad' : ''); }
}
