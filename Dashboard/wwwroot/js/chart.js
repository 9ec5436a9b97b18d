// Inline SVG line charts for the overview: no library, redrawn on each bucket (a few hundred points).
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (value <= m * p) return m * p;
  return 10 * p;
}

/**
 * @param {HTMLElement} figure  a figure holding a .plot div
 * @param {{name: string, color: string, values: (number|null)[]}[]} lines
 * @param {number[]} times  unix ms per point
 * @param {(v: number) => string} format  y-axis label format
 */
export function drawChart(figure, lines, times, format) {
  const plot = figure.querySelector('.plot');
  const width = plot.clientWidth || 560;
  const height = plot.clientHeight || 170;
  const left = 46, right = 8, top = 8, bottom = 20;
  const w = Math.max(10, width - left - right);
  const h = Math.max(10, height - top - bottom);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': figure.querySelector('figcaption')?.textContent ?? 'chart' });

  const all = lines.flatMap((l) => l.values).filter((v) => v !== null && Number.isFinite(v));
  const max = niceMax(Math.max(0, ...all));
  const now = times.length ? times[times.length - 1] : Date.now();
  const start = times.length ? Math.min(times[0], now - 60_000) : now - 60_000;
  const x = (t) => left + ((t - start) / Math.max(1, now - start)) * w;
  const y = (v) => top + h - (v / max) * h;

  // 2·10^k splits in quarters, 1·10^k and 5·10^k in fifths: every gridline lands on a round value.
  const lead = Math.round(max / Math.pow(10, Math.floor(Math.log10(max))));
  const divisions = lead === 2 ? 4 : 5;
  for (let i = 0; i <= divisions; i++) {
    const v = (max * i) / divisions;
    root.append(svg('line', { class: 'grid', x1: left, x2: left + w, y1: y(v), y2: y(v) }));
    const label = svg('text', { class: 'axis', x: left - 6, y: y(v) + 3, 'text-anchor': 'end' });
    label.textContent = format(v);
    root.append(label);
  }
  const minutes = Math.round((now - start) / 60_000);
  for (const [t, text] of [[start, minutes >= 1 ? `−${minutes} min` : '−1 min'], [now, 'now']]) {
    const label = svg('text', { class: 'axis', x: x(t), y: height - 4, 'text-anchor': t === now ? 'end' : 'start' });
    label.textContent = text;
    root.append(label);
  }

  for (const line of lines) {
    let d = '';
    let area = '';
    let open = false;
    line.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) { open = false; return; }
      const px = x(times[i]).toFixed(1), py = y(v).toFixed(1);
      d += `${open ? 'L' : 'M'}${px},${py}`;
      open = true;
    });
    if (line.fill && times.length > 1) {
      const pts = line.values.map((v, i) => `${x(times[i]).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`);
      area = `M${x(times[0]).toFixed(1)},${y(0)}L${pts.join('L')}L${x(times[times.length - 1]).toFixed(1)},${y(0)}Z`;
      const fill = svg('path', { class: 'area', d: area });
      fill.style.fill = line.color;
      root.append(fill);
    }
    if (d) {
      const path = svg('path', { class: 'line', d });
      path.style.stroke = line.color;
      root.append(path);
    }
    // A value with no neighbour draws no segment: mark it so a lone bucket still shows.
    line.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const prev = line.values[i - 1], next = line.values[i + 1];
      if (Number.isFinite(prev) || Number.isFinite(next)) return;
      const dot = svg('circle', { cx: x(times[i]).toFixed(1), cy: y(v).toFixed(1), r: 2.5 });
      dot.style.fill = line.color;
      root.append(dot);
    });
  }
  plot.replaceChildren(root);

  let legend = figure.querySelector('.legend');
  if (!legend) {
    legend = document.createElement('div');
    legend.className = 'legend';
    figure.append(legend);
  }
  legend.replaceChildren(...lines.map((l) => {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = l.color;
    const last = [...l.values].reverse().find((v) => v !== null && Number.isFinite(v));
    item.append(swatch, `${l.name} ${last === undefined ? '—' : format(last)}`);
    return item;
  }));
}
