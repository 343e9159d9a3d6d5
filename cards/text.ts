// A readable plain-text rendering of a card, for the CLI and logs. Pure.

type Node = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function renderElement(el: Node, indent: string, out: string[]): void {
  switch (el.type) {
    case 'TextBlock':
    case 'RichTextBlock': {
      const text =
        el.type === 'TextBlock'
          ? str(el.text)
          : ((el.inlines as Node[] | undefined) ?? []).map((i) => str(i.text)).join('');
      if (text) out.push(indent + text);
      return;
    }
    case 'FactSet':
      for (const f of (el.facts as Node[] | undefined) ?? []) out.push(`${indent}${str(f.title)}: ${str(f.value)}`);
      return;
    case 'ColumnSet': {
      const cells = ((el.columns as Node[] | undefined) ?? []).map((c) => {
        const lines: string[] = [];
        for (const item of (c.items as Node[] | undefined) ?? []) renderElement(item, '', lines);
        return lines.join(' ');
      });
      const line = cells.filter(Boolean).join('  |  ');
      if (line) out.push(indent + line);
      return;
    }
    case 'Table':
      for (const row of (el.rows as Node[] | undefined) ?? []) {
        const cells = ((row.cells as Node[] | undefined) ?? []).map((c) => {
          const lines: string[] = [];
          for (const item of (c.items as Node[] | undefined) ?? []) renderElement(item, '', lines);
          return lines.join(' ');
        });
        out.push(indent + cells.join('  |  '));
      }
      return;
    case 'Container':
      for (const item of (el.items as Node[] | undefined) ?? []) renderElement(item, indent, out);
      return;
    case 'ActionSet':
      renderActions((el.actions as Node[] | undefined) ?? [], indent, out);
      return;
    case 'Image':
      return;
    default:
      // Charts and anything Teams-only: show what a client without it would show.
      if (el.fallback && typeof el.fallback === 'object') renderElement(el.fallback as Node, indent, out);
  }
}

function renderActions(actions: Node[], indent: string, out: string[]): void {
  const labels = actions.map((a) => `[${str(a.title)}]${a.type === 'Action.OpenUrl' ? ` ${str(a.url)}` : ''}`);
  if (labels.length > 0) out.push(indent + labels.join(' '));
}

export function cardToText(card: { body?: unknown; actions?: unknown }): string {
  const out: string[] = [];
  for (const el of (card.body as Node[] | undefined) ?? []) renderElement(el, '', out);
  renderActions((card.actions as Node[] | undefined) ?? [], '', out);
  return out.join('\n');
}
