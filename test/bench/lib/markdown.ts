import { readFile, writeFile } from 'node:fs/promises';

/** A `## ` section of BENCHMARKS.md, heading line included. */
interface Block {
  title: string;
  text: string;
}

function splitSections(markdown: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      current = { title: heading[1]!, text: `${line}\n` };
      blocks.push(current);
    } else if (current) {
      current.text += `${line}\n`;
    }
  }
  return blocks;
}

/**
 * Rewrites BENCHMARKS.md: the preamble and the sections named in `owned` come from this run;
 * every other `## ` section (written by someone else, e.g. "Stripe emulator", "Demo") is kept
 * verbatim, in its original order, after ours.
 */
export async function rewriteBenchmarks(
  file: string,
  preamble: string,
  sections: readonly { title: string; text: string }[],
  owned: ReadonlySet<string>,
): Promise<void> {
  let previous = '';
  try {
    previous = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const foreign = splitSections(previous).filter((b) => !owned.has(b.title));
  const ours = sections.map((s) => `## ${s.title}\n\n${s.text.trim()}\n`);
  const kept = foreign.map((b) => `${b.text.trim()}\n`);
  await writeFile(file, `${[`${preamble.trim()}\n`, ...ours, ...kept].join('\n')}`);
}
