import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookConfig } from '../../src/types.js';

/** A temporary directory for config and event files, removed by `remove()`. */
export function tempFiles(): { write(name: string, content: unknown): string; remove(): void; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flowhook-cli-'));
  return {
    dir,
    write(name, content) {
      const file = join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A webhook config as a person writes it: the fields that have defaults may be left out. */
export type WebhookConfigFile = Partial<WebhookConfig> & Pick<WebhookConfig, 'name' | 'url' | 'triggers'>;
