// Charts as inline SVG drawn here: a few bars need no chart library, and nothing loads from elsewhere.
// Colours come from the stylesheet by class (the CSP allows no inline style); each chart has a text
// alternative, and the same figures are in a table beside it.
import { html, type Html } from './html.js';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar, such as "USD 1,234.50 (12)". */
  text: string;
  /** A CSS class for the colour, such as `status-FAILED`. */
  className: string;
}

const BAR_HEIGHT = 22;
const GAP = 6;
const LABEL_WIDTH = 100;
const WIDTH = 480;

/** Horizontal bars scaled to the largest value, titled for screen readers. */
export function barChart(title: string, bars: Bar[]): Html {
  const max = Math.max(...bars.map((bar) => bar.value), 0);
  const height = bars.length * (BAR_HEIGHT + GAP);
  const room = WIDTH - LABEL_WIDTH - 180; // space left for the text after the longest bar
  const summary = bars.map((bar) => `${bar.label}: ${bar.text}`).join('; ');
  return html`<figure class="chart">
  <figcaption>${title}</figcaption>
  <svg role="img" aria-label="${`${title}. ${summary}`}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">
    ${bars.map((bar, i) => {
      const y = i * (BAR_HEIGHT + GAP);
      const width = max > 0 ? Math.max(1, Math.round((bar.value / max) * room)) : 1;
      return html`<g>
      <text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="middle">${bar.label}</text>
      <rect class="${bar.className}" x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR_HEIGHT}" rx="3"></rect>
      <text x="${LABEL_WIDTH + width + 6}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="middle">${bar.text}</text>
    </g>`;
    })}
  </svg>
</figure>`;
}
