// Suggests existing modules while a module code is typed (the qualification editor's "add a
// module" box), using GOV.UK's accessible-autocomplete (an ARIA combobox) fed by /Modules/Lookup.
//
// Progressive enhancement only. The page marks the box's form group with
// data-module-lookup="/Modules/Lookup"; without this script, or if anything here fails (the
// library does not load, the lookup is unreachable), the plain text box stays and works as
// before. The enhanced box keeps the original's id and name, so its label, the error summary's
// link and the posted form are unchanged; typing a code that matches nothing (to create a new
// module) is still allowed, since nothing is confirmed on blur.
const LIBRARY = '/lib/accessible-autocomplete/accessible-autocomplete.min';
const MIN_LENGTH = 2;
const DELAY_MS = 150;

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function addStyles() {
  if (document.querySelector(`link[href="${LIBRARY}.css"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `${LIBRARY}.css`;
  document.head.append(link);
}

// Asks the lookup after a short pause in typing; an answer to an older query is dropped.
function lookup(endpoint) {
  let timer;
  let controller;
  return (query, populate) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${endpoint}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
          signal: controller.signal,
        });
        const type = response.headers.get('Content-Type') ?? '';
        populate(response.ok && type.includes('json') ? await response.json() : []);
      } catch (error) {
        if (error.name !== 'AbortError') populate([]);
      }
    }, DELAY_MS);
  };
}

// The text of the elements an input's aria-describedby names (its hint and error message):
// the enhanced box describes itself with its own instructions, so these are put in front.
function descriptionOf(input) {
  return (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
    .map(id => document.getElementById(id)?.textContent.trim()).filter(Boolean).join('. ');
}

function enhance(group, accessibleAutocomplete) {
  const input = group.querySelector('input[type="text"]');
  if (!input || !input.id) return;
  const described = descriptionOf(input);
  const container = document.createElement('div');
  container.className = 'app-module-lookup';
  input.after(container);
  accessibleAutocomplete({
    element: container,
    id: input.id,
    name: input.name,
    defaultValue: input.value,
    source: lookup(group.dataset.moduleLookup),
    minLength: MIN_LENGTH,
    confirmOnBlur: false,
    showNoOptionsFound: false,
    inputClasses: input.classList.contains('govuk-input--error') ? 'govuk-input--error' : null,
    templates: {
      inputValue: module => module?.code ?? '',
      suggestion: module => typeof module === 'string'
        ? escapeHtml(module)
        : `<strong>${escapeHtml(module.code)}</strong> ${escapeHtml(module.title)}${module.level ? ` <span class="govuk-hint govuk-!-display-inline">(${escapeHtml(module.level)})</span>` : ''}`,
    },
    tStatusQueryTooShort: n => `Type ${n} or more characters of a code or title for suggestions of existing modules`,
    tAssistiveHint: () => `${described ? `${described}. ` : ''}Suggestions of existing modules appear as you type: use the up and down arrows to review them and enter to choose one. A code that matches none creates a new module.`,
  });
  input.remove();
}

const groups = document.querySelectorAll('[data-module-lookup]');
if (groups.length > 0) {
  try {
    // The library is a UMD bundle: imported for its effect, it defines window.accessibleAutocomplete.
    await import(`${LIBRARY}.js`);
    if (typeof window.accessibleAutocomplete === 'function') {
      addStyles();
      for (const group of groups) enhance(group, window.accessibleAutocomplete);
    }
  } catch {
    // The plain text box is still there and still works.
  }
}
