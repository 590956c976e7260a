/**
 * The consultants' team: who may sign in (seeded from CONSULTANT_EMAILS, then managed by owners in
 * the workspace), who follows each lead up, and who is told about a lead.
 */
export {
  CONSULTANT_ROLES, ConsultantError, ensureOwners, getConsultant, InvitationSchema, inviteConsultant, isConsultant, listConsultants,
  MAX_CONSULTANT_NAME_LENGTH, removeConsultant, seedOwners, SIGN_IN_PATH,
  type Consultant, type ConsultantField, type ConsultantIssue, type ConsultantIssueReason, type ConsultantRole, type Invitation, type InvitationResult, type RemovalResult,
} from './team.ts';
export { assignLead, consultantRecipients, type AssignmentResult } from './assignment.ts';
export { FORBIDDEN_STATUS, teamPost, TeamPostSchema, type TeamPost, type TeamPostResult } from './team-form.ts';
