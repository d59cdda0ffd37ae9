// @ts-check
/** The mock's admin API under `/__admin` (openapi/mock-okta.yaml). */
import { adminRequest } from './admin-token.js';

/** @typedef {import('../../../openapi/generated/mock-okta.js').components['schemas']} Schemas */
/** @typedef {Schemas['Flow']} Flow */
/** @typedef {Schemas['FlowDefinition']} FlowDefinition */
/** @typedef {Schemas['FlowResponse']} FlowResponse */
/** @typedef {Schemas['SecurityLevel']} SecurityLevel */
/** @typedef {Schemas['Execution']} Execution */
/** @typedef {Schemas['ExecutionList']} ExecutionList */

export const mockApi = {
  /** @returns {Promise<Flow[]>} */
  async listFlows() {
    return /** @type {{ flows: Flow[] }} */ (await adminRequest('GET', '/__admin/flows')).flows;
  },
  /** @param {string} alias @returns {Promise<Flow>} */
  async getFlow(alias) {
    return /** @type {Flow} */ (await adminRequest('GET', `/__admin/flows/${encodeURIComponent(alias)}`));
  },
  /** Creates or replaces the flow. @param {string} alias @param {FlowDefinition} definition @returns {Promise<Flow>} */
  async putFlow(alias, definition) {
    return /** @type {Flow} */ (await adminRequest('PUT', `/__admin/flows/${encodeURIComponent(alias)}`, definition));
  },
  /** @param {string} alias */
  async deleteFlow(alias) {
    await adminRequest('DELETE', `/__admin/flows/${encodeURIComponent(alias)}`);
  },
  /** Oldest first. @param {{ alias?: string, limit: number }} query @returns {Promise<ExecutionList>} */
  async listExecutions({ alias, limit }) {
    const params = new URLSearchParams({ limit: String(limit) });
    if (alias !== undefined && alias !== '') params.set('alias', alias);
    return /** @type {ExecutionList} */ (await adminRequest('GET', `/__admin/executions?${params}`));
  },
  async clearExecutions() {
    await adminRequest('DELETE', '/__admin/executions');
  },
};
