/** Consultants' sign-in (Better Auth magic links) and the guard of the workspace's routes. */
export { createAuth, handleAuthRoute, MAGIC_LINK_MINUTES, requestSignInLink, signInPost, type Auth, type AuthDeps } from './auth.ts';
export { checkWorkspaceAccess, isWorkspacePath, notConfigured } from './guard.ts';
