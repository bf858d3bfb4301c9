/** The page's stylesheet: a 12-column grid of cards, `span-N` wide. */
export const PAGE_STYLE = `
  :root { color-scheme: light; }
  body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; padding: 24px 32px;
    color: #1f2933; background: #f3f5f8; }
  header { margin-bottom: 8px; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  .sub, .description, .subtitle, .note { color: #52606d; font-size: 13px; margin: 0 0 8px; }
  .sheet { margin-top: 20px; }
  .sheet h2 { font-size: 18px; margin: 0 0 4px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
  .grid { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 16px; }
  ${Array.from({ length: 12 }, (_, i) => `.span-${i + 1} { grid-column: span ${i + 1}; }`).join(' ')}
  .card { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 3px #0000001f;
    display: flex; flex-direction: column; box-sizing: border-box; min-width: 0; }
  .card h3 { font-size: 15px; margin: 0 0 4px; }
  .chart { flex: 1; min-height: 0; }
  .kpi .label { color: #52606d; font-size: 13px; }
  .kpi .value { font-size: 26px; white-space: nowrap; font-weight: 600; margin-top: 6px; font-variant-numeric: tabular-nums; }
  .filters { display: flex; gap: 16px; margin: 4px 0 8px; font-size: 13px; }
  .filters select { margin-left: 6px; padding: 2px 4px; font: inherit; }
  .table-wrap { flex: 1; overflow: auto; border-top: 1px solid #d9e2ec; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  th { position: sticky; top: 0; background: #f8fafc; text-align: left; padding: 6px 8px;
    border-bottom: 1px solid #d9e2ec; white-space: nowrap; }
  td { padding: 4px 8px; border-bottom: 1px solid #eef2f6; white-space: nowrap; }
  td.wrap { white-space: normal; min-width: 220px; }
  .empty { flex: 1; display: flex; align-items: center; justify-content: center; text-align: center;
    color: #52606d; font-size: 14px; padding: 24px; background: #f8fafc; border-radius: 6px; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  tbody tr:nth-child(even) { background: #fafbfc; }
  tfoot td { font-weight: 600; border-top: 1px solid #d9e2ec; }
  .warning { background: #fff4e5; border-left: 4px solid #d97706; color: #7a4100; font-size: 13px;
    padding: 8px 12px; margin: 0 0 12px; border-radius: 4px; }
  @media (max-width: 900px) { .grid > .card { grid-column: span 12; } }
`;

/**
 * Runs in the page: draws the charts from `CHARTS`, and fills and filters the tables from
 * `TABLES`. Sets `data-ready` on <body> when done, so a headless browser knows when to look.
 */
export const PAGE_SCRIPT = `
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

// Options carry { fromData: key } where a formatter belongs: the text is in each data item.
const withFormatters = (node) => {
  if (Array.isArray(node)) return node.map(withFormatters);
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.fromData === 'string') {
    const key = node.fromData;
    return (p) => (p.data && p.data[key] != null ? String(p.data[key]) : p.name || '');
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withFormatters(v)]));
};

for (const [id, option] of Object.entries(CHARTS)) {
  const chart = echarts.init(document.getElementById(id + '-chart'), null, { renderer: 'svg' });
  chart.setOption(Object.assign({ animation: false }, withFormatters(option)));
  window.addEventListener('resize', () => chart.resize());
}

for (const [id, t] of Object.entries(TABLES)) {
  const body = document.getElementById(id).tBodies[0];
  const note = document.getElementById(id + '-note');
  const selects = [...document.querySelectorAll('select[id^="' + id + '-filter-"]')]
    .sort((a, b) => Number(a.dataset.filter) - Number(b.dataset.filter));
  const render = () => {
    const chosen = selects.map((s) => s.value);
    const keep = (labels) => labels.every((l, i) => chosen[i] === '' || chosen[i] === l);
    const matching = t.groupCounts.filter((g) => keep(g.labels)).reduce((n, g) => n + g.count, 0);
    const rows = t.rows.filter((r) => keep(t.filterColumns.map((c) => r[c]))).slice(0, t.limit);
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement('tr');
      r.forEach((cell, i) => {
        const td = document.createElement('td');
        td.textContent = cell;
        if (t.numeric[i]) td.className = 'num';
        else if (t.wrap[i]) td.className = 'wrap';
        tr.append(td);
      });
      return tr;
    }));
    if (note !== null)
      note.textContent = 'Showing ' + integer.format(rows.length) + ' of ' + integer.format(matching) + ' matching ' + t.noun + '.';
  };
  selects.forEach((s) => s.addEventListener('change', render));
  render();
}
document.body.dataset.ready = 'true';
`;
