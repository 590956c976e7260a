import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/domain/report.ts';
import { histogramOf, peerStanding, type PeerDistribution } from '../../../src/domain/peers.ts';
import { reportEmail } from '../../../src/server/email/templates.tsx';
import { realQuestionnaire } from '../../helpers/content.ts';
import { validPayload } from '../../helpers/submission.ts';

const q = realQuestionnaire();
const payload = validPayload(q);
const report = (locale: 'es' | 'pt' | 'en') => buildReport(q, { answers: payload.answers, segment: { businessModel: 'saas' }, metricInputs: null }, locale);
const email = (locale: 'es' | 'pt' | 'en', distribution: PeerDistribution | null) =>
  reportEmail({
    report: report(locale), questionnaire: q, name: 'Ana', permalink: 'https://diagnostico.example/es/r/abc', masterclassUrl: 'https://diagnostico.example/es/masterclass/',
    peers: distribution ? peerStanding(distribution, report(locale)) : undefined,
  });
// Forty peers scored 0, 2.5, 5 … 97.5 in every area and overall.
const crowd = histogramOf(Array.from({ length: 40 }, (_, i) => i * 2.5));
const enough = (segment: string): PeerDistribution => ({
  scope: 'x', segment, sample: 40, minimum: 30, periodStart: '2026-09-01', periodEnd: '2026-11-26',
  histograms: Object.fromEntries(['overall', ...q.dimensions.map((d) => d.id)].map((id) => [id, crowd])),
});

describe('the report email\'s peer comparison', () => {
  it('says where the visitor stands among the companies of their segment, overall and per area, in HTML and plain text', () => {
    const r = report('es');
    const ahead = Math.floor((100 * Math.ceil(r.overall.score! / 2.5)) / 40);
    const message = email('es', enough('saas'));
    const headline = `Por delante del ${ahead}\u00a0% de las 40 empresas de SaaS B2B o software por suscripción que hicieron este diagnóstico.`;
    expect(message.text).toContain(headline);
    expect(message.html).toContain('Frente a otras empresas');
    expect(message.html).toContain(headline);
    const first = r.dimensions[0]!;
    expect(message.text).toContain(`* Por delante del ${Math.floor((100 * Math.ceil(first.score! / 2.5)) / 40)}\u00a0% en ${first.name}`);
    expect(message.text).toContain('Comparación con 40 diagnósticos completados entre el 1 sept 2026 y el 26 nov 2026.');
  });

  it('below the minimum, says how many responses are missing instead of a percentage', () => {
    const message = email('en', { scope: 'x', segment: 'all', sample: 12, minimum: 30, periodStart: '2026-11-01', periodEnd: '2026-11-20', histograms: null });
    expect(message.text).toContain('18 more responses are needed before we can compare your result with other companies (12 of 30).');
    expect(message.text).toContain('Compared with 12 diagnostics completed between');
    expect(message.text).not.toContain('Ahead of');
    expect(message.html).toContain('18 more responses are needed');
  });

  it('leaves the comparison out when the standing is unknown', () => {
    const message = email('pt', null);
    expect(message.text).not.toContain('Em comparação com outras empresas');
    expect(message.html).not.toContain('Em comparação com outras empresas');
  });
});
