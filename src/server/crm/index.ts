/** CRM write-back: lead events stored with what they are about, then delivered to HubSpot and a signed webhook, with retries. */
export {
  crmConfig,
  crmDeliveryRows,
  crmTargets,
  cancelScheduledCrmDrains,
  deliverCrmPending,
  drainCrm,
  mayReachCrm,
  MAX_CRM_ATTEMPTS,
  scheduleCrmDrain,
  type CrmDrainDeps,
  type CrmConfig,
  type CrmDeliveryOptions,
  type CrmDeliveryResult,
  type CrmDrainResult,
  type CrmEnv,
  type CrmTarget,
} from './deliveries.ts';
export {
  erasureEvent,
  leadEvent,
  leadFromSubmission,
  masterclassSignupEvent,
  reportSummary,
  submissionEvent,
  type CrmEventOptions,
  type CrmLeadEventType,
  type MasterclassSignupInput,
  type SubmissionRow,
} from './events.ts';
export { deliverToHubspot, HubspotError, setupHubspotProperties, type HubspotConfig, type SetupResult } from './hubspot.ts';
export { hubspotProperties, type HubspotProperty } from './properties.ts';
export { deliverToWebhook, type WebhookConfig } from './webhook.ts';
