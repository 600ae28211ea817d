/**
 * HTML written with a tagged template that escapes every interpolated value, so record text can
 * never become markup. Markup made elsewhere (another template, an SVG chart, the API's
 * highlight fragments, which arrive escaped with <mark> added) is passed through as `Html`.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup that is trusted as it is: only for strings this code built or the API escaped. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** Joins parts with a separator (escaped like any value). */
export function join(parts: readonly Part[], separator: Part): Html {
  return new Html(parts.map(render).join(render(separator)));
}
