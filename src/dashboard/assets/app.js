// The dashboard's only script: refreshes the page's live sections in place every few seconds, from
// the same URL asked for as JSON. A section holding the keyboard focus is left alone until it moves on.
const POLL_MS = 2000;
const sections = document.querySelectorAll('section[data-live]');
const updated = document.getElementById('updated');
const shown = new Map();

async function refresh() {
  if (document.hidden) return;
  let response;
  try {
    response = await fetch(location.pathname + location.search, { headers: { 'x-live': '1' }, credentials: 'same-origin' });
  } catch {
    updated.textContent = 'The dashboard is not answering; retrying.';
    return;
  }
  if (!response.ok) {
    updated.textContent = `Updates stopped: the dashboard answered ${response.status}. Reload the page.`;
    return;
  }
  const { sections: fresh } = await response.json();
  for (const [id, markup] of Object.entries(fresh)) {
    const section = document.getElementById(id);
    if (!section || shown.get(id) === markup || section.contains(document.activeElement)) continue;
    section.innerHTML = markup; // the server's own markup, every value escaped there
    shown.set(id, markup);
  }
  updated.textContent = `Updated at ${new Date().toLocaleTimeString()}.`;
}

if (sections.length && updated) setInterval(refresh, POLL_MS);
