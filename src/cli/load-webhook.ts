/** A webhook config file read, checked and compiled for sending, so a mistake in it fails before anything is sent. */
import { parseWebhookConfig } from '../core/webhook-config.js';
import { compileWebhook, type CompiledWebhook } from '../deliver.js';
import { readJsonFile } from './read-json-file.js';

export function loadWebhook(file: string, options: { allowLocal: boolean }): CompiledWebhook {
  const value = readJsonFile(file, { what: 'webhook config', option: '--webhook' });
  return compileWebhook(parseWebhookConfig(value, options), options);
}
