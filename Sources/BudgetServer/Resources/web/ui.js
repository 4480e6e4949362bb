// Small pieces the project's pages share: elements, a table of texts, a message with the
// located problems of a refusal.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// A table: a header row of `columns`, then `rows` of texts; `extra(row, index)` adds cells.
export function table(columns, rows, extra) {
  const head = el('tr', {}, ...columns.map((c) => el('th', {}, c)));
  const body = rows.map((row, index) => {
    const tr = el('tr', {}, ...row.map((text) => el('td', {}, text)));
    if (extra) tr.append(...extra(row, index));
    return tr;
  });
  return el('table', { class: 'plain' }, el('thead', {}, head), el('tbody', {}, ...body));
}

// Shows `error` (an ApiError, or the JSON of a refused import or export) in `box`: its message,
// then each located problem or finding on a line of its own.
export function showError(box, error) {
  box.className = 'notice bad';
  // An import's refusal lists its problems apart (each with its file, line or cell); any other
  // refusal's message already names each problem.
  const lines = (error.problems || []).filter((p) => p.text).map((p) => p.text);
  const findings = error.findings || [];
  box.replaceChildren(el('p', {}, error.message || error.error || '失败'));
  if (lines.length || findings.length) box.append(el('ul', { class: 'problems' }, ...[...lines, ...findings].map((t) => el('li', {}, t))));
}

export function showDone(box, lines) {
  box.className = 'notice good';
  box.replaceChildren(...lines.map((line) => el('p', {}, line)));
}
