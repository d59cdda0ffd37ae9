/**
 * The mock's config file: `{ "flows": [ { "alias": "...", ...flow } ], "oauthClients": [...] }`, each
 * flow and OAuth client in the admin API's shape. Read and checked in full at start-up, so a mistake
 * stops the mock before it serves anything.
 */
import { readFileSync } from 'node:fs';
import { FlowhookError } from '../src/errors.js';
import { mockOktaSchemas } from './schemas.js';
import { flowInvalid, inPlainWords } from './flow-definition.js';
import { checkConfiguredFlows } from './flows.js';
import { checkConfiguredClients, clientInvalid } from './oauth/clients.js';
import type { ConfiguredFlow, MockConfig } from './types.js';

const validateConfig = mockOktaSchemas.validator('MockConfig');

const SHAPE = '{ "flows": [ { "alias": "my-flow", "security": "public" } ] }';

/** The flows of the config file `file`; see `readMockConfig`. */
export function loadMockConfig(file: string): ConfiguredFlow[] {
  return readMockConfig(file).flows;
}

/** The whole config file, flows and OAuth clients; throws when any of it is unreadable or breaks a rule. */
export function readMockConfig(file: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `cannot read mock config "${file}": ${(err as Error).message}`, {
      hint: 'Check the path given to --config.',
      cause: err,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `mock config "${file}" is not valid JSON: ${(err as Error).message}`, {
      hint: `Fix the JSON syntax; the file looks like ${SHAPE}.`,
      cause: err,
    });
  }
  const schemaProblems = inPlainWords(validateConfig(value));
  const problems = schemaProblems.length > 0 ? schemaProblems : checkConfiguredFlows((value as MockConfig).flows);
  if (problems.length > 0) {
    throw flowInvalid(`mock config "${file}" is invalid`, problems, `Fix the fields listed in details; the file looks like ${SHAPE}.`);
  }
  const config = value as MockConfig;
  const clientProblems = checkConfiguredClients(config.oauthClients ?? []);
  if (clientProblems.length > 0) {
    throw clientInvalid(`mock config "${file}" is invalid`, clientProblems, 'Fix the OAuth clients listed in details.');
  }
  return config;
}
