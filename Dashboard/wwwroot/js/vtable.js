// A virtualised table: only the rows in view exist in the DOM (a pool of ~40 elements), so 1,000 agents
// or 10,000 connections scroll like 40. Two data modes: an in-memory array (setRows), or pages fetched
// on demand from the server (setPager), cached per page and refreshed in place.
import { el } from './format.js';

const ROW_HEIGHT = 32;
const OVERSCAN = 6;
const PAGE = 100;

export class VirtualTable {
  /**
   * @param {HTMLElement} host
   * @param {{columns: {title: string, width: string, cell: (row: any) => (string|Node), className?: string}[],
   *          rowKey: (row: any) => string, rowStatus?: (row: any) => string|undefined,
   *          onClick?: (row: any) => void, empty?: string, testId?: string}} options
   */
  constructor(host, options) {
    this.options = options;
    this.rows = [];
    this.total = 0;
    this.pager = null;
    this.pages = new Map();
    this.loading = new Set();
    this.generation = 0;
    this.selected = null;
    this.flashKeys = new Map();
    const template = options.columns.map((c) => c.width).join(' ');
    this.head = el('div', { class: 'vt-head', role: 'row' }, ...options.columns.map((c) => el('span', { class: c.className ?? '', text: c.title })));
    this.head.style.gridTemplateColumns = template;
    this.spacer = el('div', { class: 'vt-spacer' });
    this.body = el('div', { class: 'vt-body', role: 'rowgroup', 'data-testid': options.testId ?? null }, this.spacer);
    this.emptyNote = el('div', { class: 'vt-empty', text: options.empty ?? 'Nothing to show.' });
    this.foot = el('div', { class: 'vt-foot' });
    this.template = template;
    this.pool = [];
    host.replaceChildren(this.head, this.body, this.foot);
    this.body.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.body);
  }

  /** In-memory mode: the whole (already filtered and sorted) array. */
  setRows(rows, footText) {
    this.pager = null;
    this.rows = rows;
    this.total = rows.length;
    this.footText = footText;
    this.schedule();
  }

  /** Server mode: fetchPage(offset, limit) resolves to {total, items}. */
  setPager(fetchPage) {
    this.pager = fetchPage;
    this.pages.clear();
    this.generation++;
    this.ensurePages();
  }

  /** Re-fetches the pages in view, keeping the old rows on screen until the new ones land. */
  refresh() {
    if (!this.pager) { this.schedule(); return; }
    this.generation++;
    this.ensurePages(true);
  }

  flash(key) {
    this.flashKeys.set(key, Date.now());
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  visibleRange() {
    const top = this.body.scrollTop;
    const height = this.body.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    return [first, last];
  }

  ensurePages(force = false) {
    if (!this.pager) return;
    const [first, last] = this.visibleRange();
    const from = Math.floor(first / PAGE);
    const to = Math.max(from, Math.floor(Math.max(first, last - 1) / PAGE));
    for (let p = from; p <= to; p++) {
      const known = this.pages.get(p);
      if (!force && known && known.generation === this.generation) continue;
      if (this.loading.has(`${this.generation}:${p}`)) continue;
      this.loadPage(p);
    }
  }

  async loadPage(p) {
    const generation = this.generation;
    const tag = `${generation}:${p}`;
    this.loading.add(tag);
    try {
      const page = await this.pager(p * PAGE, PAGE);
      if (generation !== this.generation) return;
      this.total = page.total;
      this.pages.set(p, { generation, items: page.items });
      this.footText = undefined;
      this.schedule();
    } catch (err) {
      this.footText = `Could not load rows: ${err.message}`;
      this.schedule();
    } finally {
      this.loading.delete(tag);
    }
  }

  rowAt(i) {
    if (!this.pager) return this.rows[i];
    const page = this.pages.get(Math.floor(i / PAGE));
    return page?.items[i % PAGE];
  }

  render() {
    this.spacer.style.height = `${this.total * ROW_HEIGHT}px`;
    if (this.pager) this.ensurePages();
    const [first, last] = this.visibleRange();
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = el('div', { class: 'vt-row', role: 'row' });
      row.style.gridTemplateColumns = this.template;
      row.addEventListener('click', () => {
        if (row.__data && this.options.onClick) {
          this.selected = this.options.rowKey(row.__data);
          this.options.onClick(row.__data);
          this.schedule();
        }
      });
      this.pool.push(row);
      this.spacer.append(row);
    }
    const now = Date.now();
    for (let j = 0; j < this.pool.length; j++) {
      const row = this.pool[j];
      const i = first + j;
      if (j >= needed) { row.hidden = true; row.__data = null; delete row.dataset.key; delete row.dataset.status; continue; }
      const data = this.rowAt(i);
      row.hidden = false;
      row.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
      row.__data = data ?? null;
      if (!data) {
        row.replaceChildren(el('span', { class: 'muted', text: '…' }));
        delete row.dataset.key;
        continue;
      }
      const key = this.options.rowKey(data);
      row.dataset.key = key;
      const status = this.options.rowStatus?.(data);
      if (status) row.dataset.status = status; else delete row.dataset.status;
      row.classList.toggle('clickable', !!this.options.onClick);
      row.classList.toggle('selected', key === this.selected);
      const flashedAt = this.flashKeys.get(key);
      if (flashedAt && now - flashedAt < 1600) {
        if (!row.classList.contains('flash') || row.dataset.flashed !== String(flashedAt)) {
          row.classList.remove('flash');
          void row.offsetWidth; // restart the animation for a new change
          row.classList.add('flash');
          row.dataset.flashed = String(flashedAt);
        }
      } else {
        row.classList.remove('flash');
      }
      row.replaceChildren(...this.options.columns.map((c) => {
        const v = c.cell(data);
        return v instanceof Node ? el('span', { class: c.className ?? '' }, v) : el('span', { class: c.className ?? '', text: v ?? '', title: typeof v === 'string' && v.length > 24 ? v : null });
      }));
    }
    for (const [k, t] of this.flashKeys) if (now - t > 2000) this.flashKeys.delete(k);
    this.body.querySelector('.vt-empty')?.remove();
    if (this.total === 0 && !(this.pager && this.loading.size > 0)) this.body.append(this.emptyNote);
    this.foot.textContent = this.footText ?? `${this.total.toLocaleString('en')} ${this.total === 1 ? 'row' : 'rows'}${this.total > needed ? ' · scroll for more' : ''}`;
  }
}
