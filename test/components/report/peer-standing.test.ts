import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { PeerLine, PeerStanding } from '../../../src/components/report/PeerStanding.tsx';
import { histogramOf, peerStanding, type PeerTexts } from '../../../src/domain/peers.ts';
import { localize } from '../../../src/domain/locale.ts';
import { realQuestionnaire } from '../../helpers/content.ts';

const t = localize(realQuestionnaire().ui.peers, 'pt') as PeerTexts;
const crowd = histogramOf(Array.from({ length: 40 }, (_, i) => i * 2.5));
const standing = peerStanding(
  { scope: 'x', segment: 'saas', sample: 40, minimum: 30, periodStart: '2026-09-01', periodEnd: '2026-11-26', histograms: { overall: crowd, tooling: crowd, 'data-quality': crowd } },
  { overall: { score: 50 }, dimensions: [{ id: 'tooling', score: 80 }, { id: 'data-quality', score: null }] },
);
const names = { tooling: 'Ferramentas', 'data-quality': 'Qualidade dos dados' };

describe('PeerStanding', () => {
  it('renders the overall place, one line per dimension placed, and the sample, under a heading that names the section', () => {
    const html = render(h(PeerStanding, { standing, t, locale: 'pt', segmentName: 'SaaS B2B', dimensionNames: names }));
    expect(html).toContain('aria-labelledby="peers-title"');
    expect(html).toContain('<h3 id="peers-title">Em comparação com outras empresas</h3>');
    expect(html).toContain('À frente de 50% das 40 empresas de SaaS B2B que fizeram este diagnóstico.');
    expect(html).toContain('<li data-peer-dimension="tooling">À frente de 80% em Ferramentas</li>');
    expect(html).not.toContain('Qualidade dos dados');
    expect(html).toContain('Comparação com 40 diagnósticos concluídos entre');
  });

  it('leaves the dimensions to PeerLine when asked, which renders one beside its dimension and nothing without a place', () => {
    expect(render(h(PeerStanding, { standing, t, locale: 'pt', dimensionNames: names, listDimensions: false }))).not.toContain('<ul');
    expect(render(h(PeerLine, { standing, dimensionId: 'tooling', name: 'Ferramentas', t, locale: 'pt' }))).toBe('<p class="small peer-line" data-testid="peer-line" data-peer-dimension="tooling">À frente de 80% em Ferramentas</p>');
    expect(render(h(PeerLine, { standing, dimensionId: 'data-quality', name: 'Qualidade dos dados', t, locale: 'pt' }))).toBe('');
  });
});
