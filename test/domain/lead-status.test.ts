import { describe, expect, it } from 'vitest';
import { isLeadStatus, LEAD_STATUSES } from '../../src/domain/lead-status.ts';

describe('lead statuses', () => {
  it('run in pipeline order, from new to won or lost', () => {
    expect(LEAD_STATUSES).toEqual(['new', 'contacted', 'qualified', 'won', 'lost']);
  });

  it('recognises every status and nothing else', () => {
    for (const status of LEAD_STATUSES) expect(isLeadStatus(status), status).toBe(true);
    for (const other of ['archived', 'New', '', ' new', 'new ', null, undefined, 1, ['new'], { status: 'new' }]) expect(isLeadStatus(other), String(other)).toBe(false);
  });
});
