import type Stripe from 'stripe';
import { money } from './html.js';

/** Escapes text for a PDF string literal. */
const pdfText = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

/**
 * A one-page PDF of the invoice (number, customer, lines, total, status) — what `invoice_pdf`
 * links to. Plain PDF 1.4 with the built-in Helvetica font, no dependencies.
 */
export function invoicePdf(invoice: Stripe.Invoice, customerName: string): Buffer {
  const lines = [
    `Invoice ${invoice.number ?? invoice.id}`,
    `Billed to: ${customerName}`,
    `Date: ${new Date(invoice.created * 1000).toISOString().slice(0, 10)}`,
    '',
    ...invoice.lines.data.map(
      (l) => `${l.description ?? 'Item'}  ${money(l.amount, invoice.currency)}`,
    ),
    '',
    `Total: ${money(invoice.total, invoice.currency)}`,
    `Amount due: ${money(invoice.amount_due, invoice.currency)}`,
    `Status: ${invoice.status ?? 'draft'}`,
  ];
  const content = [
    'BT',
    '/F1 12 Tf',
    '14 TL',
    '56 780 Td',
    ...lines.map((l) => `(${pdfText(l)}) Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
