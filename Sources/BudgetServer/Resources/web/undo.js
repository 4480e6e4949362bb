// Undo of this page's own changes (edits, added lines, pasted blocks, removed lines), the last
// first. Each undo goes through the API with the lines as this page left them (`seen`): a line
// someone else changed since is not undone (409, with its fresh value), never written over.
import { api } from './api.js';

export const LIMIT = 100;

// A line as the API takes it back: what is only shown (names, texts) left out.
export function seenOf(item) {
  const { amountText, functionalName, economicName, typeName, natureName, sourceName, ...seen } = item;
  return seen;
}

// 分 as 元 with two decimals, exactly (integer arithmetic; no float rounding).
export function yuan(fen) {
  const sign = fen < 0 ? '-' : ''; const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// The field values that make a line again (its amount in 元).
export function valuesOf(item) {
  return {
    unit: item.unit, functional: item.functional, economic: item.economic, type: item.type, nature: item.nature || '',
    project: item.project || '', source: item.source, amount: yuan(item.amount), note: item.note || '',
  };
}

export class UndoStack {
  constructor() { this.entries = []; }

  get size() { return this.entries.length; }

  clear() { this.entries = []; }

  // { kind: 'edit', before, after } | { kind: 'add', items } | { kind: 'remove', items }
  push(entry) {
    this.entries.push(entry);
    if (this.entries.length > LIMIT) this.entries.shift();
  }

  // Undoes the last change: { writes, text } or null when there is nothing to undo. A refusal
  // because someone else changed the lines (409) drops the change (it can no longer be undone
  // as it was); any other failure keeps it, to be tried again.
  async undo(project) {
    const entry = this.entries.pop();
    if (!entry) return null;
    try {
      if (entry.kind === 'edit') {
        const result = await api.setItem(project, entry.after.id, valuesOf(entry.before), seenOf(entry.after));
        return { writes: result.writes, item: result.item, text: `已撤销：明细 #${entry.after.id} 恢复为修改之前的内容` };
      }
      if (entry.kind === 'add') {
        const result = await api.removeItems(project, entry.items.map(seenOf));
        return { writes: result.writes, text: `已撤销：添加的 ${entry.items.length} 行明细已删除` };
      }
      const result = await api.addItems(project, { rows: entry.items.map(valuesOf) });
      // The lines come back with new numbers: earlier changes to them now name those.
      this.renumber(new Map(entry.items.map((item, i) => [item.id, result.items[i].id])));
      return { writes: result.writes, text: `已撤销：删除的 ${entry.items.length} 行明细已恢复（编号为新编号）` };
    } catch (error) {
      if (error.status !== 409) this.entries.push(entry);
      throw error;
    }
  }

  renumber(ids) {
    const swap = (item) => (item && ids.has(item.id) ? { ...item, id: ids.get(item.id) } : item);
    for (const entry of this.entries) {
      if (entry.kind === 'edit') { entry.before = swap(entry.before); entry.after = swap(entry.after); }
      else entry.items = entry.items.map(swap);
    }
  }
}
