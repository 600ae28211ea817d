// Cầu web app: small enhancements over pages that already work without JavaScript.
// A file served by the app (no inline script), so `script-src 'self'` holds.
'use strict';
document.documentElement.classList.add('js');

function onReady(fn) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

onReady(() => {
  // Phones: the filters panel folds behind a button, so the first result is on screen.
  const toggle = document.querySelector('.filters-toggle');
  const filters = document.getElementById('filters');
  if (toggle && filters) {
    toggle.hidden = false;
    toggle.addEventListener('click', () => {
      const open = !filters.classList.contains('open');
      filters.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', String(open));
      if (open) filters.querySelector('select, input, a')?.focus();
    });
  }

  // Sort order: applied as soon as it is chosen.
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form && select.form.requestSubmit());
  }

  // "More results": fetch the next hits by cursor and append them; the URL keeps how many are
  // shown, so a reload or a shared link restores the same list.
  document.addEventListener('click', async (e) => {
    const link = e.target instanceof Element ? e.target.closest('a#more[data-fragment]') : null;
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    const hits = document.getElementById('hits');
    const wrap = link.parentElement;
    link.setAttribute('aria-busy', 'true');
    link.textContent = link.dataset.loading || link.textContent;
    try {
      const res = await fetch(link.dataset.fragment, { headers: { accept: 'text/html' } });
      const text = await res.text();
      const tpl = document.createElement('template');
      tpl.innerHTML = text;
      if (!res.ok) throw new Error(tpl.content.textContent.trim() || res.statusText);
      const items = [...tpl.content.querySelectorAll('ol > li.hit')];
      for (const li of items) hits.append(li);
      const next = tpl.content.querySelector('a#more');
      const nextUrl = new URL(link.href, location.href);
      history.replaceState(history.state, '', nextUrl.pathname + nextUrl.search);
      const shown = hits.querySelectorAll('li.hit').length;
      const showing = document.getElementById('showing');
      if (showing) {
        const total = Number(link.dataset.total);
        const fmt = new Intl.NumberFormat(
          document.documentElement.lang === 'vi' ? 'vi-VN' : 'en-GB',
        );
        showing.textContent = showing.textContent.replace(
          /[\d.,]+(?=\D+[\d.,]+\)$)/,
          fmt.format(Math.min(shown, total)),
        );
      }
      if (next) wrap.replaceChildren(next);
      else wrap.remove();
      items[0]?.querySelector('h3 a')?.focus();
    } catch (err) {
      const p = document.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = String(err && err.message ? err.message : err);
      wrap.replaceChildren(p);
    }
  });

  // Badge evidence (<details class="pop">): Escape closes it and gives focus back to its badge.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const d of document.querySelectorAll('details.pop[open]')) {
      d.open = false;
      if (d.contains(document.activeElement)) d.querySelector('summary').focus();
    }
  });

  // Prior art: read a .txt file into the text box, in the browser.
  const file = document.getElementById('pa-file');
  const text = document.getElementById('pa-text');
  if (file && text) {
    file.closest('.upload').hidden = false;
    const status = file.parentElement.querySelector('.upload-status');
    file.addEventListener('change', async () => {
      const f = file.files && file.files[0];
      if (!f) return;
      status.textContent = '';
      if (f.type && f.type !== 'text/plain' && !/\.txt$/i.test(f.name)) {
        status.textContent = file.dataset.notText;
        return;
      }
      const content = await f.text();
      const max = Number(text.getAttribute('maxlength')) || 50000;
      if (content.includes('\u0000')) {
        status.textContent = file.dataset.notText;
        return;
      }
      text.value = content.slice(0, max);
      if (content.length > max) status.textContent = file.dataset.tooLarge;
    });
  }

  // Record pages: a print button, and folded parts unfolded on paper.
  const print = document.querySelector('button.print');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details.long, ol.licensees details')) d.open = true;
  });
});
