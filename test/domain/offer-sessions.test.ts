import { describe, expect, it } from 'vitest';
import type { ContentSources } from '../../src/domain/questionnaire.ts';
import { utcOffsetMinutes } from '../../src/domain/schemas/offer.ts';
import { contentProblems } from '../helpers/content.ts';

type RawSession = Record<string, unknown>;
const valid = (id: string, fields: RawSession = {}): RawSession => ({
  id, start: '2027-02-25T19:00:00-03:00', timeZone: 'America/Sao_Paulo', durationMinutes: 60, language: 'pt', joinUrl: `https://meet.example.com/${id}`, capacity: 100, ...fields,
});

/** The content errors once content/offer.yaml's sessions are replaced by `sessions`. */
const problemsWith = (sessions: unknown) =>
  contentProblems((sources: ContentSources) => {
    (sources.offer.data as Record<string, unknown>).sessions = sessions;
  });

describe('sessions in content/offer.yaml', () => {
  it('accept a list of well-formed sessions, an empty list, or none at all', () => {
    expect(problemsWith([valid('a'), valid('b', { start: '2027-03-18T12:00:00-04:00', timeZone: 'America/New_York', language: 'en' })])).toEqual([]);
    expect(problemsWith([])).toEqual([]);
    expect(problemsWith(undefined)).toEqual([]);
  });

  it('accept a session that has already taken place: the site just stops offering it', () => {
    expect(problemsWith([valid('a', { start: '2024-02-22T19:00:00-03:00' })])).toEqual([]);
  });

  it('report an offset that is not the time zone’s on that day, with the start to write instead', () => {
    // Brazil has had no summer time since 2019: -02:00 is an old habit.
    expect(problemsWith([valid('a'), valid('b', { start: '2027-02-25T19:00:00-02:00' })])).toEqual([
      "content/offer.yaml: sessions[1].start: the offset -02:00 is not America/Sao_Paulo's at that time (it is -03:00); for 19:00 there, write 2027-02-25T19:00:00-03:00",
    ]);
    // New York moves to -04:00 on 14 March 2027: a winter offset after that is wrong.
    expect(problemsWith([valid('a', { start: '2027-03-18T12:00:00-05:00', timeZone: 'America/New_York' })])).toEqual([
      "content/offer.yaml: sessions[0].start: the offset -05:00 is not America/New_York's at that time (it is -04:00); for 12:00 there, write 2027-03-18T12:00:00-04:00",
    ]);
    // UTC is an offset too, and only right where the clock reads UTC.
    expect(problemsWith([valid('a', { start: '2027-02-25T22:00:00Z' })])).toEqual([
      "content/offer.yaml: sessions[0].start: the offset +00:00 is not America/Sao_Paulo's at that time (it is -03:00); for 22:00 there, write 2027-02-25T22:00:00-03:00",
    ]);
    expect(problemsWith([valid('a', { start: '2027-02-25T22:00:00Z', timeZone: 'Europe/London' })])).toEqual([]);
  });

  it('report a start written without its offset or in another format', () => {
    const message = 'must be a date and time with its UTC offset, e.g. 2027-02-18T11:00:00-06:00';
    for (const start of ['2027-02-25T19:00:00', '25/02/2027 19:00', '2027-02-25 19:00:00-03:00', '2027-02-25']) {
      expect(problemsWith([valid('a'), valid('b', { start })]), start).toEqual([`content/offer.yaml: sessions[1].start: ${message}`]);
    }
  });

  it('report a duplicate id on the second session that uses it', () => {
    expect(problemsWith([valid('a'), valid('b'), valid('a')])).toEqual(['content/offer.yaml: sessions[2].id: duplicate session id "a": each session needs its own']);
  });

  it('report a meeting link that is not https, an unknown time zone and a missing field', () => {
    expect(problemsWith([valid('a', { joinUrl: 'http://meet.example.com/a' })])).toEqual(['content/offer.yaml: sessions[0].joinUrl: must be an https:// address']);
    expect(problemsWith([valid('a', { timeZone: 'America/Bogotá' })])).toEqual(['content/offer.yaml: sessions[0].timeZone: must be a time zone such as America/Bogota']);
    const { capacity: _capacity, ...noCapacity } = valid('a');
    expect(problemsWith([noCapacity])).toEqual(['content/offer.yaml: sessions[0].capacity: required']);
  });

  it('report a capacity, a duration, a language or an id an author could mistype', () => {
    expect(problemsWith([valid('A b'), valid('c', { capacity: 0, durationMinutes: 45.5, language: 'pt-BR' })])).toEqual([
      'content/offer.yaml: sessions[0].id: must be lowercase letters, digits and dashes, e.g. 2027-02-es',
      'content/offer.yaml: sessions[1].durationMinutes: must be a whole number of minutes',
      'content/offer.yaml: sessions[1].language: must be es, pt or en',
      'content/offer.yaml: sessions[1].capacity: must be at least 1 seat',
    ]);
  });

  it('list every problem at once, a duplicate id and a wrong offset beside another field’s error', () => {
    expect(problemsWith([valid('a'), valid('a', { start: '2027-02-25T19:00:00-02:00', joinUrl: 'ftp://meet.example.com/a' })])).toEqual([
      'content/offer.yaml: sessions[1].joinUrl: must be an https:// address',
      "content/offer.yaml: sessions[1].start: the offset -02:00 is not America/Sao_Paulo's at that time (it is -03:00); for 19:00 there, write 2027-02-25T19:00:00-03:00",
      'content/offer.yaml: sessions[1].id: duplicate session id "a": each session needs its own',
    ]);
  });
});

describe('utcOffsetMinutes', () => {
  it('follows daylight saving, and reads zones a quarter or half hour off', () => {
    expect(utcOffsetMinutes('America/New_York', new Date('2027-01-15T12:00:00Z'))).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', new Date('2027-07-15T12:00:00Z'))).toBe(-240);
    expect(utcOffsetMinutes('Europe/Madrid', new Date('2027-07-15T12:00:00Z'))).toBe(120);
    expect(utcOffsetMinutes('Asia/Kolkata', new Date('2027-07-15T12:00:00Z'))).toBe(330);
    expect(utcOffsetMinutes('Asia/Kathmandu', new Date('2027-07-15T12:00:00Z'))).toBe(345);
    expect(utcOffsetMinutes('Europe/London', new Date('2027-01-15T12:00:00Z'))).toBe(0);
  });
});
