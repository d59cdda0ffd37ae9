/**
 * A webhook config file read, its secret references resolved, checked and compiled for sending, so a
 * mistake in it fails before anything is sent.
 */
import { parseWebhookConfig } from '../core/webhook-config.js';
import type { LocalTargetOptions } from '../core/url-policy.js';
import { compileWebhook, type CompiledWebhook } from '../deliver.js';
import { FlowhookError, problemSummary } from '../errors.js';
import type { RedactingIO } from './io.js';
import { readJsonFile } from './read-json-file.js';
import { resolveSecretReferences } from './secret-references.js';

export const WEBHOOK_FILE_ROLE = { what: 'webhook config', option: '--webhook' } as const;

/**
 * The config in `file` with its `{"$env"}` and `{"$file"}` references resolved; the secrets they resolve
 * to are handed to `output` first, so that no message can show them. Throws FLOWHOOK_CONFIG_INVALID
 * naming each reference that cannot be resolved.
 */
export function readWebhookFile(file: string, env: NodeJS.ProcessEnv, output: RedactingIO): unknown {
  const resolved = resolveSecretReferences(readJsonFile(file, WEBHOOK_FILE_ROLE), { env, configFile: file });
  output.addSecrets(resolved.secrets);
  if (resolved.problems.length > 0) {
    throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', problemSummary(`webhook config "${file}" (its secret references)`, resolved.problems), {
      hint: 'set each environment variable named by "$env" and make each file named by "$file" readable (a relative path is relative to the config file)',
      details: resolved.problems,
    });
  }
  return resolved.value;
}

export function loadWebhook(file: string, options: LocalTargetOptions & { env: NodeJS.ProcessEnv }, output: RedactingIO): CompiledWebhook {
  const { env, ...targets } = options;
  const webhook = compileWebhook(parseWebhookConfig(readWebhookFile(file, env, output), targets), targets);
  output.addSecrets(webhook.secrets);
  return webhook;
}
