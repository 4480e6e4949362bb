// The check's findings and the export gate: while any finding is an error, `export` refuses
// the workbook (unless forced, which stamps every sheet 未经校验).
export function showFindings(panel, gate, result) {
  gate.className = 'gate ' + (result.exportAllowed ? 'ok' : 'refused');
  gate.textContent = result.exportAllowed
    ? (result.warnings ? `可以导出（${result.warnings} 个提醒）` : '检查通过，可以导出')
    : `${result.errors} 个错误：导出将被拒绝`;
  const title = document.createElement('strong');
  title.textContent = result.findings.length ? `检查结果：${result.errors} 个错误，${result.warnings} 个提醒` : '检查结果：公开表的合计、表间关系和情况说明的数字全部一致。';
  const list = document.createElement('ul');
  for (const finding of result.findings.slice(0, 200)) {
    const li = document.createElement('li'); li.className = finding.severity; li.textContent = finding.text; list.append(li);
  }
  panel.replaceChildren(title, list);
}
