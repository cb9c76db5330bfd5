// Reads {"mermaid": [diagram, ...], "markdown": text} on stdin; prints what the real libraries
// make of them: mermaid.parse for each diagram (its errors as strings) and marked's tables.
// A separate ES-module process because mermaid and marked ship only ES modules, which jest's
// CommonJS runtime cannot import (it would need --experimental-vm-modules); mermaid also
// needs a DOM (DOMPurify), which jsdom provides here.
import { JSDOM } from 'jsdom';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c) => { text += c; });
  process.stdin.on('end', () => resolve(text));
}));
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const { marked } = await import('marked');

const diagrams = [];
for (const d of input.mermaid ?? []) {
  try {
    const r = await mermaid.parse(d);
    diagrams.push({ ok: true, type: r.diagramType });
  } catch (e) {
    diagrams.push({ ok: false, error: String(e?.message ?? e) });
  }
}
const tables = [];
const textOf = (cell) => cell.tokens.map((t) => (t.type === 'link' ? t.text : t.type === 'escape' ? t.text : t.raw)).join('');
for (const t of marked.lexer(input.markdown ?? '')) {
  if (t.type === 'table') tables.push({ header: t.header.map((c) => c.text), rows: t.rows.map((r) => r.map(textOf)) });
}
process.stdout.write(JSON.stringify({ diagrams, tables }));
