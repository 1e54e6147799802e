import { formatDate, formatDateTime, formatEur } from '@buendel/domain';

/**
 * A mail's content as blocks, written once and rendered twice: as plain text (what every mail
 * client shows) and as a simple HTML alternative. German formats for dates and money.
 */
export type MailBlock =
  /** a paragraph */
  | string
  /** a bulleted list */
  | { list: string[] }
  /** label and value per line (a tender's facts) */
  | { facts: Array<[string, string]> }
  /** a link with its text */
  | { link: string; text: string };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailFrame {
  /** the recipient's name for the greeting, if known */
  recipientName?: string | null;
  /** why the recipient gets this mail and how to switch it off (or that it cannot be) */
  footer: string;
  /** the blocks are a complete letter: no greeting and no signature around them */
  complete?: boolean;
}

/**
 * Blocks from a plain-text letter: paragraphs at blank lines, and the lines of a paragraph that
 * start with "- " as a list (the text mail shows the letter exactly as written).
 */
export function textBlocks(text: string): MailBlock[] {
  const blocks: MailBlock[] = [];
  for (const chunk of text.split(/\n(?:[ \t]*\n)+/)) {
    let lines: string[] = [];
    let items: string[] = [];
    const flush = () => {
      if (lines.length) blocks.push(lines.join('\n'));
      if (items.length) blocks.push({ list: items });
      lines = [];
      items = [];
    };
    for (const line of chunk.split('\n')) {
      if (line.startsWith('- ')) {
        if (lines.length) {
          blocks.push(lines.join('\n'));
          lines = [];
        }
        items.push(line.slice(2));
      } else {
        if (items.length) {
          blocks.push({ list: items });
          items = [];
        }
        lines.push(line);
      }
    }
    flush();
  }
  return blocks.filter((b) => typeof b !== 'string' || b.trim() !== '');
}

/** 05.12.2026 (German time) */
export function germanDate(iso: string | Date): string {
  return formatDate(iso);
}

/** 05.12.2026, 14:00 Uhr (German time) */
export function germanDateTime(iso: string | Date): string {
  return formatDateTime(iso);
}

/** 1.234,50 € */
export function euro(value: number | string): string {
  return formatEur(Number(value));
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function greeting(name: string | null | undefined): string {
  return name ? `Guten Tag ${name},` : 'Guten Tag,';
}

export const SIGNATURE = 'Bündel – gemeinsame Beschaffung öffentlicher Auftraggeber';

export function renderText(blocks: MailBlock[], frame: MailFrame): string {
  const parts = frame.complete ? [] : [greeting(frame.recipientName)];
  for (const block of blocks) {
    if (typeof block === 'string') parts.push(block);
    else if ('list' in block) parts.push(block.list.map((item) => `- ${item}`).join('\n'));
    else if ('facts' in block) parts.push(block.facts.map(([label, value]) => `${label}: ${value}`).join('\n'));
    else parts.push(`${block.text}: ${block.link}`);
  }
  if (!frame.complete) parts.push(`Mit freundlichen Grüßen\n${SIGNATURE}`);
  parts.push(`-- \n${frame.footer}`);
  return `${parts.join('\n\n')}\n`;
}

export function renderHtml(subject: string, blocks: MailBlock[], frame: MailFrame): string {
  const body: string[] = frame.complete ? [] : [`<p>${escapeHtml(greeting(frame.recipientName))}</p>`];
  for (const block of blocks) {
    if (typeof block === 'string') body.push(`<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`);
    else if ('list' in block) body.push(`<ul>${block.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`);
    else if ('facts' in block) {
      const rows = block.facts
        .map(
          ([label, value]) =>
            `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(label)}</th>` +
            `<td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
        )
        .join('');
      body.push(`<table style="border-collapse:collapse">${rows}</table>`);
    } else body.push(`<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.text)}</a></p>`);
  }
  if (!frame.complete) body.push(`<p>Mit freundlichen Grüßen<br>${escapeHtml(SIGNATURE)}</p>`);
  body.push(`<hr><p style="color:#555;font-size:90%">${escapeHtml(frame.footer)}</p>`);
  return (
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.4;max-width:40em">${body.join('\n')}</body></html>`
  );
}
