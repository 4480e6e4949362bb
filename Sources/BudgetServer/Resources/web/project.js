// The tabs beside 明细: the rest of the project (units, projects, texts, procurement, assets,
// last year's figures, roster/standards/caps), snapshots, and import and export. The grid's
// own elements stay as they are; a page other than 明细 hides them and shows itself.
import { showSnapshots } from './snapshots.js';
import { showTransfer } from './transfer.js';
import { showPart, showTexts, showUnits, showProjects, showEditable } from './pages.js';

const TABS = [
  ['items', '明细'], ['units', '单位'], ['projects', '项目'], ['texts', '文字'], ['procurement', '政府采购'],
  ['assets', '国有资产'], ['prior', '上年数'], ['people', '人员/标准/控制数'], ['snapshots', '快照'], ['transfer', '导入导出'],
];

// `hooks`: project() the open project's name; reload(writes) fetches the grid and every table
// again (after a restore or an import); showTable(id) shows a table of the document beside.
export function setupProject(tabBar, page, section, hooks) {
  let current = 'items';
  const buttons = new Map();
  for (const [id, name] of TABS) {
    const button = document.createElement('button');
    button.type = 'button'; button.textContent = name; button.dataset.tab = id;
    button.addEventListener('click', () => choose(id));
    buttons.set(id, button); tabBar.append(button);
  }

  async function draw() {
    const project = hooks.project();
    if (current === 'items' || !project) return;
    const context = { ...hooks, project, redraw: draw };
    try {
      switch (current) {
        case 'units': await showUnits(page, context); break;
        case 'projects': await showProjects(page, context); break;
        case 'texts': await showTexts(page, context); break;
        case 'people':
          page.replaceChildren();
          for (const part of ['roster', 'standards', 'caps']) {
            const box = document.createElement('div'); page.append(box);
            await showPart(box, part, context);
          }
          break;
        case 'assets': case 'prior': await showEditable(page, current, context); break;
        case 'snapshots': await showSnapshots(page, context); break;
        case 'transfer': await showTransfer(page, context); break;
        default: await showPart(page, current, context);
      }
    } catch (error) { page.textContent = error.message; }
  }

  function choose(id) {
    current = id;
    for (const [key, button] of buttons) button.classList.toggle('chosen', key === id);
    section.classList.toggle('paged', id !== 'items');
    page.hidden = id === 'items';
    // The grid draws the rows in view: hidden, it had none in view; its scroll handler draws them.
    if (id === 'items') section.querySelector('.grid')?.dispatchEvent(new Event('scroll'));
    draw();
  }

  choose('items');
  return {
    // The project changed (this page's write, another browser's, the command line's): a page
    // that shows what the clerk is not typing into is drawn again. Texts being typed are kept.
    changed() { if (!['items', 'texts', 'transfer', 'snapshots'].includes(current)) draw(); },
    opened() { draw(); },
  };
}
