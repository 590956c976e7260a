import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/server/env.ts';
import { REQUIRED_IN_PRODUCTION } from '../helpers/production-env.ts';

describe('parseEnv', () => {
  it('runs locally with no variables at all: embedded database, no email sending', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.RESEND_API_KEY).toBeUndefined();
    expect(env.CONSULTANT_EMAILS).toEqual([]);
    // Links then use the address each request came to (see siteUrl in src/server/runtime.ts).
    expect(env.SITE_URL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('splits and lowercases CONSULTANT_EMAILS', () => {
    expect(parseEnv({ CONSULTANT_EMAILS: ' Ana@Example.com, bo@example.com ,' }).CONSULTANT_EMAILS).toEqual(['ana@example.com', 'bo@example.com']);
  });

  it('rejects a DATABASE_URL that is not postgres', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('fails loudly in production without its secrets, naming each', () => {
    let message = '';
    try {
      parseEnv({ VERCEL_ENV: 'production' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const key of REQUIRED_IN_PRODUCTION) expect(message).toContain(`${key}: required in production`);
  });

  it('accepts a complete production environment', () => {
    const env = parseEnv({
      VERCEL_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db.example/app',
      RESEND_API_KEY: 're_123',
      CRON_SECRET: 'a-long-random-secret-value',
      IP_HASH_SALT: 'another-long-random-salt',
      BETTER_AUTH_SECRET: 'a-32-character-or-longer-auth-secret-value',
      EMAIL_FROM: 'Diagnóstico <hola@example.com>',
      CONSULTANT_EMAILS: 'ana@example.com',
      SITE_URL: 'https://diagnostico.example.com',
    });
    expect(env.DATABASE_URL).toBe('postgres://u:p@db.example/app');
  });
});
