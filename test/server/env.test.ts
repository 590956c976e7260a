import { describe, expect, it } from 'vitest';
import { databasePool, parseEnv } from '../../src/server/env.ts';
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

  it('reads EMBED_ORIGINS as a list of origins, lowercased, and none when unset', () => {
    expect(parseEnv({}).EMBED_ORIGINS).toEqual([]);
    expect(parseEnv({ EMBED_ORIGINS: ' https://WWW.Consultora.example, https://consultora.example:8443 ,http://localhost:3000' }).EMBED_ORIGINS).toEqual([
      'https://www.consultora.example',
      'https://consultora.example:8443',
      'http://localhost:3000',
    ]);
  });

  it('refuses an EMBED_ORIGINS entry that is not a bare https origin, naming the variable and the entry', () => {
    for (const bad of ['https://consultora.example/', 'https://consultora.example/diagnostico', 'http://consultora.example', 'consultora.example', "https://a.example 'unsafe-inline'", 'https://*.example']) {
      expect(() => parseEnv({ EMBED_ORIGINS: `https://ok.example,${bad}` }), bad).toThrow(/EMBED_ORIGINS: ".*" is not an origin/);
    }
  });

  it('sizes the database pool for many small instances on Vercel, and as DATABASE_POOL_MAX says when set', () => {
    expect(databasePool(parseEnv({}))).toEqual({ poolMax: 5, idleTimeoutMs: 20_000 });
    expect(databasePool(parseEnv({ VERCEL: '1' }))).toEqual({ poolMax: 2, idleTimeoutMs: 5_000 });
    expect(databasePool(parseEnv({ VERCEL: '1', DATABASE_POOL_MAX: '4' })).poolMax).toBe(4);
    expect(databasePool(parseEnv({ DATABASE_POOL_MAX: '1' })).poolMax).toBe(1);
    for (const bad of ['0', '-1', '2.5', 'many', '101']) expect(() => parseEnv({ DATABASE_POOL_MAX: bad }), bad).toThrow(/DATABASE_POOL_MAX/);
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
