// The frame of every page: landmarks, a skip link, the navigation, and sections the page script
// refreshes in place (each `data-live` section, by ID) without reloading.
import { html, type Html } from './html.js';

export interface Section {
  /** Its element ID: letters, digits and dashes. */
  id: string;
  title: string;
  body: Html;
  /** Refreshed while the page is open. */
  live?: boolean;
}

export interface Page {
  title: string;
  /** A line under the title. */
  lead?: Html | string;
  sections: Section[];
}

export interface Frame {
  nav: Array<{ href: string; label: string }>;
  path: string;
}

const section = ({ id, title, body, live }: Section) =>
  html`<section id="${id}" aria-labelledby="${id}-title"${live ? html` data-live` : ''}><h2 id="${id}-title">${title}</h2>${body}</section>`;

/** A section's inner markup, as the live updates replace it. */
export const sectionContent = ({ id, title, body }: Section) => html`<h2 id="${id}-title">${title}</h2>${body}`.text;

export function layout(page: Page, frame: Frame): string {
  const live = page.sections.some((s) => s.live);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · paypal-payouts dashboard</title>
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body${live ? html` data-live-page` : ''}>
<a class="skip" href="#main">Skip to content</a>
<header>
  <p class="brand">paypal-payouts dashboard</p>
  <nav aria-label="Main">
    <ul>${frame.nav.map(({ href, label }) => html`<li><a href="${href}"${frame.path === href || frame.path.startsWith(`${href}/`) ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul>
  </nav>
</header>
<main id="main" tabindex="-1">
<h1>${page.title}</h1>
${page.lead ? html`<p class="lead">${page.lead}</p>` : ''}
${live ? html`<p class="updated" id="updated">Updates every few seconds.</p>` : ''}
${page.sections.map(section)}
</main>
</body>
</html>
`.text;
}
