// Progressive enhancement only: every page works without this file.
import { initAll as initGovuk } from '/lib/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/lib/moj/moj-frontend.min.js';

initGovuk();
initMoj();

// "Select all" for bulk actions on list pages.
for (const box of document.querySelectorAll('[data-select-all]')) {
  box.addEventListener('change', () => {
    for (const row of document.querySelectorAll(`input[name="${box.dataset.selectAll}"]`)) row.checked = box.checked;
  });
}
