// Talks to the workbench's JSON API: every write carries the page's CSRF token; every failure
// becomes an ApiError with the server's Chinese message (and its located problems, or the
// fresh value of a line someone else changed).
const csrf = document.querySelector('meta[name="csrf-token"]').content;

export class ApiError extends Error {
  constructor(status, body) {
    super(body.error || `请求失败（${status}）`);
    this.status = status;
    this.problems = body.problems || [];
    this.current = body.current || null;
    this.removed = !!body.removed;
  }
}

export async function call(method, path, params = {}, body) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const headers = {};
  if (method !== 'GET') { headers['X-CSRF-Token'] = csrf; headers['Content-Type'] = 'application/json'; }
  const response = await fetch(`${path}?${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = {};
  try { data = await response.json(); } catch { data = { error: `服务器没有返回结果（${response.status}）` }; }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const api = {
  session: () => call('GET', '/api/session'),
  items: (project, filters, offset, limit) => call('GET', '/api/items', { project, ...filters, offset, limit }),
  setItem: (project, id, changes, seen) => call('PATCH', `/api/items/${id}`, { project }, { changes, seen }),
  addItem: (project, values) => call('POST', '/api/items', { project }, { values }),
  removeItem: (project, id, seen) => call('DELETE', `/api/items/${id}`, { project }, { seen }),
  tables: (project, table) => call('GET', '/api/tables', { project, table }),
  check: (project) => call('GET', '/api/check', { project }),
  explain: (project, table, row, column) => call('GET', '/api/explain', { project, table, row, column }),
  // The grid's: rows pasted (text) or put back (rows), all or none; lines removed as shown;
  // the items of one cell of a table; the codes a code cell may take.
  addItems: (project, body) => call('POST', '/api/items/batch', { project }, body),
  removeItems: (project, seen) => call('POST', '/api/items/remove', { project }, { seen }),
  cellItems: (project, cell, offset, limit) => call('GET', '/api/cell-items', { project, ...cell, offset, limit }),
  codes: (project, kind, q) => call('GET', '/api/codes', { project, kind, q }),
};
