// The disclosure tables as the workbook draws them: title, the lines under it, the header
// with its merged cells, the 栏次 row and the body (merged blocks too). A cell whose text
// changed since the last drawing flashes; clicking an amount asks where it comes from.
export class Tables {
  constructor(view, chooser, { onCell, onChoose }) {
    this.view = view; this.chooser = chooser; this.onCell = onCell;
    this.table = null; this.previous = new Map();
    chooser.addEventListener('change', () => onChoose(chooser.value));
    view.addEventListener('click', (e) => {
      const td = e.target.closest('td.amount'); if (!td || !this.table) return;
      for (const old of view.querySelectorAll('td.chosen')) old.classList.remove('chosen');
      td.classList.add('chosen');
      this.onCell(this.table.id, Number(td.dataset.row), Number(td.dataset.col));
    });
  }

  // The table chosen, or none yet.
  chosen() { return this.chooser.value || null; }

  // An answer of /api/tables: the list of every table (when it came) and one table, drawn.
  show(data) {
    if (data.list) {
      const chosen = this.chooser.value;
      this.chooser.replaceChildren(...data.list.map((t) => new Option(`${t.id}　${t.title}`, t.id)));
      if (chosen && data.list.some((t) => t.id === chosen)) this.chooser.value = chosen;
    }
    if (data.table) {
      const same = this.sameShape(this.table, data.table);
      this.table = data.table; this.chooser.value = data.table.id;
      if (same) this.update(); else this.draw(true);
    }
  }

  // Whether `next` is `shown` with other figures only: the same rows, header and merges.
  sameShape(shown, next) {
    if (!shown || !this.tds || shown.id !== next.id || shown.rows.length !== next.rows.length) return false;
    if (shown.title !== next.title || shown.note !== next.note || shown.hidden !== next.hidden) return false;
    const layout = (t) => JSON.stringify([t.header, t.merges, t.lines, t.numberRow, t.amountColumns]);
    return shown.rows.every((row, r) => row.cells.length === next.rows[r].cells.length && row.key === next.rows[r].key
      && row.total === next.rows[r].total) && layout(shown) === layout(next);
  }

  // The drawn table with only the cells whose text changed rewritten, and flashed: marked as a
  // drawing marks them, and animated by the cell itself (restarting the CSS animation of a cell
  // flashed before would lay the whole table out once per cell).
  update() {
    const table = this.table; const before = this.previous.get(table.id); const now = [];
    table.rows.forEach((row, r) => {
      now.push(row.cells);
      row.cells.forEach((text, c) => {
        const td = this.tds[r][c];
        if (!td || (before && before[r] && before[r][c] === text)) return;
        td.textContent = text; td.classList.add('flash');
        td.animate([{ background: '#ffe08a' }, { background: 'transparent' }], { duration: 1600, easing: 'ease-out' });
      });
    });
    this.previous.set(table.id, now);
  }

  draw(flash) {
    const table = this.table; if (!table) { this.view.textContent = ''; return; }
    const before = this.previous.get(table.id);
    const title = document.createElement('h2'); title.textContent = table.title;
    const lines = document.createElement('div'); lines.className = 'lines';
    for (const line of table.lines) { const span = document.createElement('span'); span.textContent = line; lines.append(span); }
    const el = document.createElement('table'); el.className = 'report'; el.dataset.table = table.id;
    const head = document.createElement('thead');
    const headRows = Array.from({ length: table.headerRows }, () => document.createElement('tr'));
    for (const cell of [...table.header].sort((a, b) => a.row - b.row || a.column - b.column)) {
      const th = document.createElement('th'); th.textContent = cell.text;
      if (cell.rowSpan > 1) th.rowSpan = cell.rowSpan;
      if (cell.columnSpan > 1) th.colSpan = cell.columnSpan;
      headRows[cell.row].append(th);
    }
    head.append(...headRows);
    if (table.numberRow.length) {
      const tr = document.createElement('tr');
      for (const text of table.numberRow) { const th = document.createElement('th'); th.textContent = text; tr.append(th); }
      head.append(tr);
    }
    const covered = new Set(); const spans = new Map();
    for (const m of table.merges) {
      spans.set(`${m.row},${m.column}`, m);
      for (let r = m.row; r < m.row + m.rowSpan; r++) for (let c = m.column; c < m.column + m.columnSpan; c++) if (r !== m.row || c !== m.column) covered.add(`${r},${c}`);
    }
    const body = document.createElement('tbody'); const now = []; this.tds = [];
    table.rows.forEach((row, r) => {
      const tr = document.createElement('tr'); if (row.total) tr.className = 'total';
      now.push(row.cells); this.tds.push([]);
      row.cells.forEach((text, c) => {
        if (covered.has(`${r},${c}`)) return;
        const td = document.createElement('td'); td.textContent = text;
        const merge = spans.get(`${r},${c}`);
        if (merge) { td.rowSpan = merge.rowSpan; td.colSpan = merge.columnSpan; }
        if (table.amountColumns[c]) { td.className = 'amount'; td.dataset.row = r; td.dataset.col = c + table.hidden; }
        if (flash && before && before[r] && before[r][c] !== text) td.classList.add('flash');
        this.tds[r][c] = td;
        tr.append(td);
      });
      body.append(tr);
    });
    this.previous.set(table.id, now);
    el.append(head, body);
    const parts = [title, lines, el];
    if (table.note) { const note = document.createElement('p'); note.textContent = table.note; parts.push(note); }
    this.view.replaceChildren(...parts);
  }
}
