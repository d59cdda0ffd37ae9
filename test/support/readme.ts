import { readFileSync } from 'node:fs';

/**
 * The README's code blocks that name a file, by that name: a block opened with ```json file=okta-webhook.json
 * is the text of `okta-webhook.json` as a reader would save it. Tests write or read these files as they
 * stand, so the README and the product cannot disagree.
 */
export function readmeFiles(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const files = new Map<string, string>();
  for (const block of readme.matchAll(/^```\w+ file=(\S+)\n([\s\S]*?)^```$/gm)) files.set(block[1] as string, block[2] as string);
  return files;
}
