// nao serve: keeps the element with data-live current (polled every second, so new trials show within two seconds),
// sorts tables by a click on a header and filters them by the words in their filter box. Sort and filter survive the
// refreshes. The server renders and escapes everything; this script only moves rows around and swaps in new HTML.
(() => {
  const sorting = {};
  const value = (row, column) => {
    const cell = row.cells[column];
    if (!cell) return '';
    const v = cell.dataset.v ?? cell.textContent;
    const n = Number(v);
    return v !== '' && !Number.isNaN(n) ? n : v;
  };
  const sort = (table) => {
    const s = sorting[table.id];
    if (!s) return;
    const body = table.tBodies[0];
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = value(a, s.column), y = value(b, s.column);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return s.descending ? -c : c;
    });
    rows.forEach((row) => body.appendChild(row));
    table.querySelectorAll('th').forEach((th, i) => { th.dataset.sorted = i === s.column ? (s.descending ? 'down' : 'up') : ''; });
  };
  const filter = (table) => {
    const box = document.querySelector(`input[data-filter="${table.id}"]`);
    if (!box) return;
    const words = box.value.toLowerCase().split(/\s+/).filter((w) => w);
    for (const row of table.tBodies[0].rows) row.hidden = !words.every((w) => row.textContent.toLowerCase().includes(w));
  };
  const prepare = (root) => {
    root.querySelectorAll('table.sortable').forEach((table) => {
      table.querySelectorAll('th').forEach((th, i) => {
        th.onclick = () => {
          const s = sorting[table.id];
          sorting[table.id] = { column: i, descending: s && s.column === i ? !s.descending : false };
          sort(table);
        };
      });
      sort(table);
      filter(table);
    });
  };
  document.addEventListener('input', (e) => {
    const id = e.target.dataset && e.target.dataset.filter;
    const table = id && document.getElementById(id);
    if (table) filter(table);
  });
  prepare(document);
  const live = document.querySelector('[data-live]');
  if (!live || live.querySelector('[data-final]')) return;
  // The server answers 304 while the run is unchanged (same version as last time): nothing to redraw.
  let version = null;
  const tick = async () => {
    try {
      const headers = version ? { 'If-None-Match': version } : {};
      const response = await fetch(live.dataset.live, { credentials: 'same-origin', cache: 'no-store', headers });
      if (response.status === 200) {
        version = response.headers.get('ETag');
        live.innerHTML = await response.text();
        prepare(live);
        if (live.querySelector('[data-final]')) return;
      }
    } catch (e) {
      // The server may be restarting; try again at the next tick.
    }
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();
