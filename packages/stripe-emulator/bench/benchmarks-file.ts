import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces (or appends) the `## <title>` section of a Markdown file, keeping every other
 * section as it is. Creates the file with a `# Benchmarks` heading if absent.
 */
export async function writeSection(file: string, title: string, body: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = '# Benchmarks\n';
  }
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start === -1) {
    await writeFile(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^##? /.test(l));
  if (end === -1) end = lines.length;
  const before = lines.slice(0, start).join('\n').trimEnd();
  const after = lines.slice(end).join('\n').trim();
  await writeFile(file, `${before}\n\n${section}${after ? `\n${after}\n` : ''}`);
}
