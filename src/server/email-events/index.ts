/** What becomes of the emails sent: Resend's signed delivery webhooks recorded on the outbox rows, bounces and complaints suppressed. */
export {
  DELIVERY_STATES,
  emailStatesOf,
  FINAL_DELIVERY_STATES,
  recordDeliveryEvent,
  type DeliveryEventResult,
  type DeliveryState,
  type EmailState,
  type SuppressionReason,
} from './delivery-state.ts';
export { handleResendWebhook, ResendEventSchema, STATE_OF_RESEND_EVENT, type ResendEvent, type ResendWebhookDeps } from './resend-webhook.ts';
