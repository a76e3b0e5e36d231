/**
 * The report page's only script: filters by area and status (hiding rows), expand/collapse all. It reads nothing
 * but the DOM and makes no requests.
 */
export const REPORT_SCRIPT = `
(() => {
  'use strict';
  const state = { area: 'all', status: 'all' };
  const checks = Array.from(document.querySelectorAll('details.check'));
  const shown = document.getElementById('shown-count');
  const noMatch = document.getElementById('no-match');
  const buttons = Array.from(document.querySelectorAll('button[data-filter]'));
  function apply() {
    let visible = 0;
    for (const check of checks) {
      const match = (state.area === 'all' || check.dataset.area === state.area) && (state.status === 'all' || check.dataset.status === state.status);
      check.hidden = !match;
      if (match) visible += 1;
    }
    for (const button of buttons) button.setAttribute('aria-pressed', String(state[button.dataset.filter] === button.dataset.value));
    if (shown) shown.textContent = String(visible);
    if (noMatch) noMatch.hidden = visible !== 0;
  }
  for (const button of buttons) {
    button.addEventListener('click', () => {
      state[button.dataset.filter] = button.dataset.value;
      apply();
    });
  }
  function setOpen(open) {
    for (const check of checks) if (!check.hidden) check.open = open;
  }
  document.getElementById('expand-all')?.addEventListener('click', () => setOpen(true));
  document.getElementById('collapse-all')?.addEventListener('click', () => setOpen(false));
  for (const element of document.querySelectorAll('[data-needs-script]')) element.hidden = false;
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target instanceof HTMLDetailsElement) target.open = true;
  apply();
})();
`;
