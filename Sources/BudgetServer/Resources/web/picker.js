// The list under a code cell's editor: the codes a line item may carry (功能分类的“项”, 经济分类的
// “款”) whose code starts with what is typed, or whose name contains it, searched in the
// project's catalog by the server (at most 50). ↓ ↑ move in the list, Enter (or a click) takes
// the code; without a code chosen, Enter saves what was typed.
import { api } from './api.js';

export class Picker {
  constructor(input, { project, kind, onChoose }) {
    this.input = input; this.project = project; this.kind = kind; this.onChoose = onChoose;
    this.codes = []; this.index = -1; this.asked = 0; this.timer = null;
    this.el = document.createElement('ul'); this.el.className = 'picker'; this.el.setAttribute('role', 'listbox');
    this.el.addEventListener('mousedown', (e) => {
      const li = e.target.closest('li[data-index]'); if (!li) return;
      e.preventDefault(); this.index = Number(li.dataset.index); this.choose();
    });
    document.body.append(this.el);
    this.place();
    input.addEventListener('input', () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.search(), 120); });
    this.search();
  }

  place() {
    const box = this.input.getBoundingClientRect();
    this.el.style.left = `${box.left + window.scrollX}px`;
    this.el.style.top = `${box.bottom + window.scrollY}px`;
  }

  async search() {
    // “2010306 政务公开审批” (a cell as shown) searches its code.
    const query = this.input.value.trim().split(/\s+/)[0] || '';
    const asked = ++this.asked;
    try {
      const data = query ? await api.codes(this.project, this.kind, query) : { codes: [], count: 0 };
      if (asked !== this.asked || !this.el.isConnected) return;
      this.codes = data.codes; this.index = -1; this.count = data.count; this.draw();
    } catch (error) { this.codes = []; this.el.textContent = error.message; }
  }

  draw() {
    this.el.replaceChildren(...this.codes.map((c, i) => {
      const li = document.createElement('li'); li.dataset.index = i; li.setAttribute('role', 'option');
      li.textContent = `${c.code} ${c.name}`;
      if (i === this.index) { li.className = 'chosen'; li.setAttribute('aria-selected', 'true'); }
      return li;
    }));
    if (this.count > this.codes.length) {
      const more = document.createElement('li'); more.className = 'more';
      more.textContent = `另有 ${this.count - this.codes.length} 个，请多输入几位编码或名称`;
      this.el.append(more);
    }
    this.el.hidden = this.codes.length === 0;
    const chosen = this.el.querySelector('li.chosen'); if (chosen) chosen.scrollIntoView({ block: 'nearest' });
  }

  // Handles a key of the editor: true when the list used it.
  key(e) {
    if (!this.codes.length) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.index = Math.max(-1, Math.min(this.codes.length - 1, this.index + step));
      this.draw(); return true;
    }
    if (e.key === 'Enter' && this.index >= 0) { this.choose(); return true; }
    return false;
  }

  choose() {
    const code = this.codes[this.index]; if (!code) return;
    this.input.value = code.code; this.close(); this.onChoose(code);
  }

  close() { clearTimeout(this.timer); this.asked++; this.el.remove(); }
}
