/**
 * A small grouped-bar chart in SVG: one group per category, one bar per series, value labels, labelled
 * axes, a legend and an optional reference line. Bars above the axis maximum are drawn to the top with
 * a break mark and their value. The output depends only on the input, so regenerating it changes the
 * file only when the figures change.
 */

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
}

export interface ChartGroup {
  readonly label: string;
  /** A smaller line under the label. */
  readonly note: string;
  /** One value per series, in the axis unit. */
  readonly values: readonly number[];
}

export interface GroupedBarChart {
  readonly title: string;
  readonly subtitle: string;
  readonly yLabel: string;
  readonly xLabel: string;
  readonly yMax: number;
  readonly yStep: number;
  /** Appended to tick and value labels, e.g. "%". */
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  readonly groups: readonly ChartGroup[];
  readonly reference?: { readonly value: number; readonly label: string };
}

const WIDTH = 1200;
const HEIGHT = 580;
const PLOT = { left: 90, right: 110, top: 96, bottom: 110 };
const LABEL_CHARS = 16;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const fixed = (value: number): string => Number(value.toFixed(1)).toString();

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${fixed(x)}" y="${fixed(y)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

/** Splits a label into lines of at most LABEL_CHARS characters, at spaces. */
function wrap(label: string): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= LABEL_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function valueLabel(value: number, unit: string): string {
  const digits = value !== 0 && Math.abs(value) < 10 ? 1 : 0;
  return `${value.toFixed(digits)}${unit}`;
}

export function groupedBarChart(chart: GroupedBarChart): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const bottom = PLOT.top + plotHeight;
  const y = (value: number): number => bottom - (Math.min(value, chart.yMax) / chart.yMax) * plotHeight;
  const groupWidth = plotWidth / chart.groups.length;
  const barWidth = (groupWidth * 0.75) / chart.series.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    text(PLOT.left, 28, chart.title, 'font-size="18" font-weight="bold"'),
    text(PLOT.left, 48, chart.subtitle, 'font-size="12" fill="#555555"'),
  ];

  for (let tick = 0; tick <= chart.yMax + 1e-9; tick += chart.yStep) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${fixed(y(tick))}" x2="${WIDTH - PLOT.right}" y2="${fixed(y(tick))}" stroke="#e0e0e0"/>`,
      text(PLOT.left - 8, y(tick) + 4, `${tick}${chart.unit}`, 'text-anchor="end" fill="#333333"'),
    );
  }
  if (chart.reference) {
    const at = y(chart.reference.value);
    parts.push(
      `<line x1="${PLOT.left}" y1="${fixed(at)}" x2="${WIDTH - PLOT.right}" y2="${fixed(at)}" stroke="#333333" stroke-dasharray="6 4"/>`,
      text(WIDTH - PLOT.right + 6, at + 4, chart.reference.label, 'fill="#333333" font-size="11"'),
    );
  }

  chart.groups.forEach((group, g) => {
    const left = PLOT.left + g * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    group.values.forEach((value, s) => {
      const x = left + s * barWidth;
      const top = y(value);
      parts.push(
        `<rect x="${fixed(x + 1)}" y="${fixed(top)}" width="${fixed(barWidth - 2)}" height="${fixed(bottom - top)}" fill="${chart.series[s].color}"><title>${escapeXml(`${group.label}, ${chart.series[s].name}: ${valueLabel(value, chart.unit)}`)}</title></rect>`,
      );
      if (value > chart.yMax) {
        const breakY = top + 14;
        parts.push(
          `<path d="M${fixed(x)} ${fixed(breakY)} l${fixed(barWidth / 2)} -6 l${fixed(barWidth / 2)} 6" stroke="#ffffff" stroke-width="3" fill="none"/>`,
        );
      }
      parts.push(text(x + barWidth / 2, top - 4, valueLabel(value, chart.unit), 'text-anchor="middle" font-size="10"'));
    });
    const centre = PLOT.left + (g + 0.5) * groupWidth;
    const lines = wrap(group.label);
    lines.forEach((line, i) => parts.push(text(centre, bottom + 18 + i * 14, line, 'text-anchor="middle"')));
    parts.push(
      text(centre, bottom + 22 + lines.length * 14, group.note, 'text-anchor="middle" font-size="10" fill="#555555"'),
    );
  });

  parts.push(
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${bottom}" stroke="#333333"/>`,
    `<line x1="${PLOT.left}" y1="${bottom}" x2="${WIDTH - PLOT.right}" y2="${bottom}" stroke="#333333"/>`,
    text(
      22,
      PLOT.top + plotHeight / 2,
      chart.yLabel,
      `text-anchor="middle" transform="rotate(-90 22 ${fixed(PLOT.top + plotHeight / 2)})"`,
    ),
    text(PLOT.left + plotWidth / 2, HEIGHT - 18, chart.xLabel, 'text-anchor="middle"'),
  );

  const legendX = WIDTH - PLOT.right - chart.series.length * 150;
  chart.series.forEach((series, s) => {
    const x = legendX + s * 150;
    parts.push(`<rect x="${x}" y="66" width="14" height="14" fill="${series.color}"/>`, text(x + 20, 78, series.name));
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}
