// The line items as a spreadsheet: virtual scrolling (only the rows in view are in the page,
// fetched a page at a time), an active cell moved with the keyboard, and inline editing of the
// amount, the codes and the note.
import { api, ApiError } from './api.js';

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

export class Grid {
  constructor(element, { message, totals, onSaved }) {
    this.el = element; this.message = message; this.totalsEl = totals; this.onSaved = onSaved;
    this.project = null; this.filters = {}; this.count = 0; this.pages = new Map(); this.loading = new Map();
    this.active = { row: 0, col: 8 }; this.editing = null; this.generation = 0;
    this.head = document.createElement('div'); this.head.className = 'head';
    for (const c of columns) { const d = document.createElement('div'); d.textContent = c.label; if (c.num) d.className = 'num'; this.head.append(d); }
    this.body = document.createElement('div'); this.body.className = 'body'; this.body.style.position = 'relative';
    this.el.append(this.head, this.body);
    this.el.addEventListener('scroll', () => this.draw());
    this.el.addEventListener('keydown', (e) => this.key(e));
    this.el.addEventListener('click', (e) => this.click(e));
    this.el.addEventListener('dblclick', (e) => { if (this.click(e)) this.startEdit(); });
  }

  open(project, filters = {}) { this.project = project; this.filters = filters; this.active = { row: 0, col: 8 }; return this.reload(); }

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
    const request = api.items(this.project, this.filters, index * PAGE, PAGE).then((data) => {
      if (generation !== this.generation) return null;
      this.count = data.count; this.writes = data.writes;
      this.totalsEl.textContent = `共 ${data.count.toLocaleString('zh-CN')} 条明细，合计 ${data.totalText} 元`;
      this.pages.set(index, data.items); this.loading.delete(index);
      return data.items;
    }).catch((error) => { this.loading.delete(index); this.say(error.message, true); });
    this.loading.set(index, request);
    return request;
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
      rowEl.className = 'row'; rowEl.style.top = `${r * ROW}px`; rowEl.dataset.row = r;
      columns.forEach((c, ci) => {
        const cell = document.createElement('div');
        cell.className = 'cell' + (c.num ? ' num' : '') + (r === this.active.row && ci === this.active.col ? ' active' : '');
        cell.dataset.col = ci;
        cell.textContent = item ? (c.show ? c.show(item) : String(item[c.key] ?? '')) : '…';
        if (item && this.invalid && this.invalid.id === item.id && this.invalid.col === ci) { cell.classList.add('invalid'); cell.title = this.invalid.text; }
        rowEl.append(cell);
      });
      this.body.append(rowEl);
    }
  }

  click(e) {
    const cell = e.target.closest('.cell'); if (!cell || this.editing) return false;
    this.active = { row: Number(cell.parentElement.dataset.row), col: Number(cell.dataset.col) };
    this.el.focus(); this.draw(); return true;
  }

  move(dr, dc) {
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
    if (moves[e.key]) { e.preventDefault(); this.move(...moves[e.key]); }
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
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); this.stopEdit(); }
      else if (e.key === 'Enter') { e.preventDefault(); this.commit(1, 0); }
      else if (e.key === 'Tab') { e.preventDefault(); this.commit(0, e.shiftKey ? -1 : 1); }
      else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') { e.preventDefault(); this.commit(e.key === 'ArrowUp' ? -1 : 1, 0); }
    });
  }

  stopEdit() { this.editing = null; this.draw(); this.el.focus(); }

  // Sends the edit with the line as it was shown; a refusal stays on the cell (bad value) or
  // shows the fresh line (changed by someone else).
  async commit(dr, dc) {
    const { input, item, column, row } = this.editing;
    const value = input.value.trim();
    const shown = column.raw ? column.raw(item) : String(item[column.key] ?? '');
    if (value === shown) { this.stopEdit(); this.move(dr, dc); return; }
    input.disabled = true;
    try {
      const { amountText, functionalName, economicName, typeName, natureName, sourceName, ...seen } = item;
      // Edit to redrawn table, end to end (Scripts/bench-serve reads the measure "edit").
      performance.mark('edit-start');
      const result = await api.setItem(this.project, item.id, { [column.key]: value }, seen);
      this.replace(row, result.item); this.invalid = null;
      this.say(`已保存：明细 #${item.id} ${column.label} ${column.show ? column.show(result.item) : value}`);
      this.stopEdit(); this.move(dr, dc);
      this.onSaved(result.writes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        if (error.current) this.replace(row, error.current);
        this.invalid = null; this.say(error.message, true); this.stopEdit();
      } else {
        const problem = error.problems && error.problems[0];
        this.invalid = { id: item.id, col: this.active.col, text: error.message };
        this.say(problem ? `明细 #${item.id}，${problem.column || column.label}，值“${problem.value ?? value}”：${problem.message}\n没有写入任何内容。` : error.message, true);
        input.disabled = false; input.focus(); input.select();
        input.closest('.cell').classList.add('invalid');
      }
    }
  }

  replace(row, item) { const page = this.pages.get(Math.floor(row / PAGE)); if (page) page[row % PAGE] = item; }

  say(text, bad = false) { this.message.textContent = text; this.message.className = 'message' + (bad ? ' bad' : ''); }
}
