// Fragments in `highlights` come HTML-escaped from the API with <mark> added; every
// other value is inserted as text, never as HTML.
const form = document.getElementById('search');
const hitsEl = document.getElementById('hits');
const statusEl = document.getElementById('status');
const errorEl = document.getElementById('error');
const facetsEl = document.getElementById('facets');
const moreBtn = document.getElementById('more');
let nextCursor = null;

function params() {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim()) p.set(k, String(v).trim());
  return p;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, attrs || {});
  for (const c of children) e.append(c);
  return e;
}

function renderHit(h) {
  const who = h.type === 'patent' ? (h.applicants || []).map((a) => a.name) : h.creators || [];
  const link = el('a', {
    href: '/api/records/' + encodeURIComponent(h.id),
    textContent: h.title,
  });
  const div = el(
    'div',
    { className: 'hit' },
    el('h3', {}, link),
    el(
      'p',
      { className: 'meta' },
      el('span', {
        className: 'badge ' + h.type,
        textContent: h.type === 'patent' ? 'Sáng chế' : 'Nghiên cứu',
      }),
      h.readiness
        ? el('span', {
            className: 'badge trl',
            title: 'Mức sẵn sàng công nghệ (TRL)',
            textContent: 'TRL ' + h.readiness.level,
          })
        : '',
      ' ' +
        [h.id, h.published, h.ipc.slice(0, 3).join(', '), who.slice(0, 3).join('; ')]
          .filter(Boolean)
          .join(' · '),
    ),
  );
  if (h.technologyFields && h.technologyFields.length) {
    div.append(
      el('p', {
        className: 'fields',
        textContent: h.technologyFields.map((f) => f.field).join(' · '),
      }),
    );
  }
  for (const field of ['abstract', 'claims', 'description']) {
    for (const frag of (h.highlights[field] || []).slice(0, 1)) {
      const p = el('p', { className: 'frag' });
      p.innerHTML = frag;
      div.append(p);
    }
  }
  if (h.highlights.title) link.innerHTML = h.highlights.title[0];
  div.append(relatedPanel(h.id));
  return div;
}

const LINK_REASONS = {
  inventor: 'cùng tác giả',
  institution: 'cùng tổ chức',
  cites: 'trích dẫn',
  'cited-by': 'được trích dẫn bởi',
};

// Related patents and research load when the reader opens the panel, not with every hit.
function relatedPanel(id) {
  const list = el('ul', { className: 'related' });
  const panel = el('details', {}, el('summary', { textContent: 'Liên quan' }), list);
  panel.addEventListener('toggle', async () => {
    if (!panel.open || panel.dataset.loaded) return;
    panel.dataset.loaded = '1';
    try {
      const res = await fetch('/api/records/' + encodeURIComponent(id));
      const body = await res.json();
      if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
      if (!body.related.length) list.append(el('li', { textContent: 'Không có' }));
      for (const r of body.related) {
        const reasons = r.reasons
          .map((x) => (LINK_REASONS[x.kind] || x.kind) + ': ' + x.value)
          .join('; ');
        list.append(
          el(
            'li',
            {},
            el('span', {
              className: 'badge ' + r.type,
              textContent: r.type === 'patent' ? 'Sáng chế' : 'Nghiên cứu',
            }),
            ' ',
            el('a', {
              href: '/api/records/' + encodeURIComponent(r.id),
              textContent: r.title,
            }),
            el('span', { className: 'reason', textContent: ' — ' + reasons }),
          ),
        );
      }
    } catch (e) {
      list.append(el('li', { className: 'error', textContent: String(e.message || e) }));
    }
  });
  return panel;
}

// Facet filters that have no control of their own live in hidden inputs of the form.
function setFilter(name, value) {
  let input = form.elements[name];
  if (!input) {
    input = el('input', { type: 'hidden', name });
    form.append(input);
  }
  input.value = value;
}

function renderFacets(f) {
  facetsEl.replaceChildren();
  const groups = [
    ['type', 'Loại', 'type'],
    ['sector', 'Lĩnh vực', 'sector'],
    ['technologyField', 'Công nghệ (WIPO)', 'field'],
    ['ipcSubclass', 'IPC', 'ipc'],
    ['year', 'Năm', null],
  ];
  for (const [key, label, param] of groups) {
    if (!f[key] || f[key].length === 0) continue;
    const ul = el('ul');
    for (const v of f[key].slice(0, 10)) {
      const text = `${v.name || v.value} (${v.count})`;
      if (!param) {
        ul.append(el('li', { textContent: text }));
        continue;
      }
      const b = el('button', { type: 'button', textContent: text });
      b.onclick = () => {
        setFilter(param, v.value);
        run();
      };
      ul.append(el('li', {}, b));
    }
    facetsEl.append(el('h2', { textContent: label }), ul);
  }
}

async function run(append) {
  errorEl.textContent = '';
  const p = params();
  if (append && nextCursor) p.set('cursor', nextCursor);
  if (!append) history.replaceState(null, '', '?' + p.toString());
  statusEl.textContent = 'Đang tìm…';
  const res = await fetch('/api/search?' + p.toString());
  const body = await res.json();
  if (!res.ok) {
    statusEl.textContent = '';
    errorEl.textContent = body.error ? body.error.message : 'Lỗi ' + res.status;
    return;
  }
  if (!append) hitsEl.replaceChildren();
  for (const h of body.hits) hitsEl.append(renderHit(h));
  statusEl.textContent = `${body.total} kết quả`;
  renderFacets(body.facets);
  nextCursor = body.nextCursor || null;
  moreBtn.hidden = !nextCursor;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  run(false);
});
moreBtn.addEventListener('click', () => run(true));
const initial = new URLSearchParams(location.search);
for (const [k, v] of initial) if (form.elements[k]) form.elements[k].value = v;
run(false);
