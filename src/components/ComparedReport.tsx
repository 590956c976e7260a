import type { ComponentChildren } from 'preact';
import type { Locale } from '../domain/locale.ts';
import type { Report } from '../domain/report.ts';
import type { MetricId } from '../domain/metrics.ts';
import { dimensionChange, metricChange, type ChangeTexts, type ReportChange as Change } from '../domain/change.ts';
import type { PeerStanding as Standing, PeerTexts } from '../domain/peers.ts';
import { ReportView, type ReportViewProps } from './ReportView.tsx';
import { ChangeBadge, ReportChange } from './report/ReportChange.tsx';
import { PeerLine, PeerStanding } from './report/PeerStanding.tsx';

export interface ComparedReportProps extends Omit<ReportViewProps, 'ui' | 'overallExtras' | 'dimensionExtras' | 'metricExtras'> {
  ui: ReportViewProps['ui'] & { change: ChangeTexts; peers: PeerTexts };
  locale: Locale;
  /** The business models of content/segments.yaml, for the peers' segment name. */
  businessModels: readonly { id: string; label: string }[];
  /** The change since the visitor's previous diagnostic; `null` without one. */
  change: Change | null;
  /** Where the visitor stands among peers; `null` while unknown. */
  standing: Standing | null;
  children?: ComponentChildren;
}

/**
 * A Report with what it is compared with: the change since the visitor's last diagnostic and their
 * place among the companies that took it, beside the score, each area and each metric. Renders from
 * props alone: the results island feeds it from its stores, the permalink from the server.
 */
export function ComparedReport({ report, ui, locale, businessModels, change, standing, children, ...rest }: ComparedReportProps) {
  const names: Record<string, string> = Object.fromEntries(report.dimensions.map((d: Report['dimensions'][number]) => [d.id, d.name]));
  return (
    <ReportView
      {...rest}
      report={report}
      ui={ui}
      overallExtras={<>
        {change && <ReportChange change={change} t={ui.change} locale={locale} />}
        {standing && (
          <PeerStanding
            standing={standing}
            t={ui.peers}
            locale={locale}
            segmentName={businessModels.find((m) => m.id === standing.segmentId)?.label}
            dimensionNames={names}
            listDimensions={false}
          />
        )}
      </>}
      dimensionExtras={(id) => <>
        {change && <> <ChangeBadge score={dimensionChange(change, id)} t={ui.change} locale={locale} /></>}
        {standing && <PeerLine standing={standing} dimensionId={id} name={names[id] ?? id} t={ui.peers} locale={locale} />}
      </>}
      metricExtras={(id) => change && <ChangeBadge metric={metricChange(change, id as MetricId)} currency={report.currency} t={ui.change} locale={locale} />}
    >
      {children}
    </ReportView>
  );
}
