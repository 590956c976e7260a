// Every HubSpot contact property the site writes, in one place: its internal name, label, HubSpot
// type, group, options, and how its value is read from a `CrmLead`. `npm run hubspot:setup`
// creates the custom ones (`revops_…`) from this list; `deliverToHubspot` writes them.
import { LEAD_STATUSES } from '../../domain/lead-status.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../domain/locale.ts';
import { CURRENCIES, METRIC_IDS, METRIC_UNITS } from '../../domain/metrics.ts';
import type { CrmLead } from '../../domain/schemas/crm-event.ts';
import type { Questionnaire } from '../../domain/schemas/questionnaire.ts';

/** The property group every custom property belongs to. */
export const HUBSPOT_GROUP = {
  name: 'revops_diagnostic',
  label: { es: 'Diagnóstico RevOps', pt: 'Diagnóstico RevOps', en: 'RevOps diagnostic' },
} as const;

/**
 * HubSpot's data types we use. `date` holds a day (sent as midnight UTC in epoch milliseconds),
 * `datetime` an instant (epoch milliseconds), `bool` the option values `"true"` / `"false"`,
 * `enumeration` one of its declared option values, `number` a JSON number.
 */
export type HubspotType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
/** How HubSpot shows the field (a `date` field shows `date` and `datetime` properties alike). */
export type HubspotFieldType = 'text' | 'number' | 'date' | 'select' | 'booleancheckbox';

export interface HubspotOption {
  /** What HubSpot users read. */
  label: string;
  /** What the API writes; the only values an enumeration accepts. */
  value: string;
  displayOrder: number;
}

/** What a property reads from a lead before it is encoded for its type; `null`: unknown, left as it is in HubSpot. */
export type PropertyInput = string | number | boolean | null | undefined;

/** A value as sent to HubSpot: numbers, dates and datetimes as JSON numbers, the rest as strings. */
export type HubspotValue = string | number;

export interface HubspotProperty {
  /** HubSpot's internal name: `revops_…` for ours, HubSpot's own name for a standard property. */
  name: string;
  /** In the language `hubspotProperties` was asked for. */
  label: string;
  type: HubspotType;
  fieldType: HubspotFieldType;
  /** `true`: one of HubSpot's default contact properties (email, firstname…), written but never created. */
  standard: boolean;
  /** Enumerations and booleans: the accepted values. */
  options?: HubspotOption[];
  read(lead: CrmLead): PropertyInput;
}

type Texts = Record<Locale, string>;

const FIELD_TYPE: Record<HubspotType, HubspotFieldType> = {
  string: 'text',
  number: 'number',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  bool: 'booleancheckbox',
};

// Labels of properties that are not content; the content's own names (dimensions, metrics, bands,
// segments) are used for the rest.
const LABELS = {
  overallScore: { es: 'Puntuación global', pt: 'Pontuação geral', en: 'Overall score' },
  band: { es: 'Nivel global', pt: 'Nível geral', en: 'Overall level' },
  weakestDimension: { es: 'Área más débil', pt: 'Área mais fraca', en: 'Weakest area' },
  dimensionScore: { es: 'Puntuación: {name}', pt: 'Pontuação: {name}', en: 'Score: {name}' },
  currency: { es: 'Moneda de las cifras', pt: 'Moeda dos valores', en: 'Currency of the figures' },
  masterclass: { es: 'Masterclass', pt: 'Masterclass', en: 'Masterclass' },
  masterclassSession: { es: 'Sesión de la masterclass', pt: 'Sessão da masterclass', en: 'Masterclass session' },
  permalink: { es: 'Enlace al informe', pt: 'Link do relatório', en: 'Report link' },
  callRequestedAt: { es: 'Llamada pedida el', pt: 'Conversa solicitada em', en: 'Call requested at' },
  submittedAt: { es: 'Diagnóstico enviado el', pt: 'Diagnóstico enviado em', en: 'Diagnostic submitted at' },
  status: { es: 'Estado del seguimiento', pt: 'Status do acompanhamento', en: 'Follow-up status' },
  companySize: { es: 'Tamaño de la empresa', pt: 'Tamanho da empresa', en: 'Company size' },
  businessModel: { es: 'Modelo de negocio', pt: 'Modelo de negócio', en: 'Business model' },
  dealSize: { es: 'Tamaño de los contratos', pt: 'Tamanho dos contratos', en: 'Deal size' },
  locale: { es: 'Idioma del diagnóstico', pt: 'Idioma do diagnóstico', en: 'Language of the diagnostic' },
  submissionId: { es: 'ID del diagnóstico', pt: 'ID do diagnóstico', en: 'Diagnostic ID' },
  firstVisit: { es: 'Primera visita', pt: 'Primeira visita', en: 'First visit' },
  referrer: { es: 'Sitio de procedencia (primera visita)', pt: 'Site de origem (primeira visita)', en: 'Referrer (first visit)' },
  landingPath: { es: 'Página de entrada (primera visita)', pt: 'Página de entrada (primeira visita)', en: 'Landing page (first visit)' },
  utm: { es: '{name} (primera visita)', pt: '{name} (primeira visita)', en: '{name} (first visit)' },
  yes: { es: 'Sí', pt: 'Sim', en: 'Yes' },
  no: { es: 'No', pt: 'Não', en: 'No' },
} satisfies Record<string, Texts>;

/** `monthlyChurnRate` → `monthly_churn_rate`, `data-quality` → `data_quality`: HubSpot names take lowercase letters, digits and `_`. */
export function snakeCase(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/** The custom property holding a dimension's score, e.g. `revops_score_data_quality`. */
export function dimensionScoreProperty(dimensionId: string): string {
  return `revops_score_${snakeCase(dimensionId)}`;
}

/** The custom property holding a metric, e.g. `revops_monthly_churn_rate`. */
export function metricProperty(metricId: string): string {
  return `revops_${snakeCase(metricId)}`;
}

/**
 * A full name split for HubSpot's `firstname` / `lastname`: the first word, then the rest
 * ("María José García" → María / José García; one word → firstname only). Names cannot be split
 * right in every culture; keeping every word in one of the two loses nothing.
 */
export function splitName(name: string | null): { firstname: string | null; lastname: string | null } {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstname: null, lastname: null };
  return { firstname: words[0]!, lastname: words.length > 1 ? words.slice(1).join(' ') : null };
}

const options = (entries: readonly { value: string; label: string }[]): HubspotOption[] =>
  entries.map((entry, displayOrder) => ({ ...entry, displayOrder }));

const fill = (template: string, name: string) => template.replace('{name}', name);

/**
 * Every property written to a HubSpot contact, standard ones first, with labels and option
 * labels in `locale` (the language HubSpot users read; Spanish by default). Options for bands,
 * dimensions, segments and statuses come from the content, so run `npm run hubspot:setup`
 * again after adding a dimension, a band or a segment.
 */
export function hubspotProperties(questionnaire: Questionnaire, locale: Locale = DEFAULT_LOCALE): HubspotProperty[] {
  const t = (texts: Texts) => texts[locale];
  const standard = (name: string, label: string, read: HubspotProperty['read']): HubspotProperty => ({ name, label, type: 'string', fieldType: 'text', standard: true, read });
  const custom = (name: string, label: string, type: HubspotType, read: HubspotProperty['read'], choices?: HubspotOption[]): HubspotProperty => ({
    name,
    label,
    type,
    fieldType: FIELD_TYPE[type],
    standard: false,
    ...(choices ? { options: choices } : {}),
    read,
  });
  const enumeration = (name: string, label: string, read: HubspotProperty['read'], choices: readonly { value: string; label: string }[]) =>
    custom(name, label, 'enumeration', read, options(choices));

  const segmentChoices = (list: readonly { id: string; label: Texts }[]) => list.map((s) => ({ value: s.id, label: t(s.label) }));
  const firstTouch = (key: 'source' | 'medium' | 'campaign' | 'term' | 'content') =>
    custom(`revops_utm_${key}`, fill(t(LABELS.utm), `UTM ${key}`), 'string', (lead) => lead.firstTouch?.[key]);

  return [
    standard('email', 'Email', (lead) => lead.email),
    standard('firstname', 'First name', (lead) => splitName(lead.name).firstname),
    standard('lastname', 'Last name', (lead) => splitName(lead.name).lastname),
    standard('company', 'Company name', (lead) => lead.company),
    standard('jobtitle', 'Job title', (lead) => lead.role),

    custom('revops_overall_score', t(LABELS.overallScore), 'number', (lead) => lead.overallScore),
    enumeration('revops_band', t(LABELS.band), (lead) => lead.band, questionnaire.bands.overall.map((b) => ({ value: b.id, label: t(b.label) }))),
    enumeration('revops_weakest_dimension', t(LABELS.weakestDimension), (lead) => lead.weakestDimension, questionnaire.dimensions.map((d) => ({ value: d.id, label: t(d.name) }))),
    ...questionnaire.dimensions.map((d) => custom(dimensionScoreProperty(d.id), fill(t(LABELS.dimensionScore), t(d.name)), 'number', (lead) => lead.dimensionScores[d.id])),
    // Percentages arrive as 0–100 (see CrmLeadSchema.metrics); the label says so.
    ...METRIC_IDS.map((id) => custom(metricProperty(id), `${t(questionnaire.ui.metric[id])}${METRIC_UNITS[id] === 'percent' ? ' (%)' : ''}`, 'number', (lead) => lead.metrics[id])),
    enumeration('revops_currency', t(LABELS.currency), (lead) => lead.currency, CURRENCIES.map((c) => ({ value: c, label: c }))),
    custom('revops_masterclass', t(LABELS.masterclass), 'bool', (lead) => lead.masterclass, options([{ value: 'true', label: t(LABELS.yes) }, { value: 'false', label: t(LABELS.no) }])),
    // Sessions come and go with each edition: text, so a new one needs no setup run.
    custom('revops_masterclass_session', t(LABELS.masterclassSession), 'string', (lead) => lead.masterclassSession),
    custom('revops_permalink', t(LABELS.permalink), 'string', (lead) => lead.permalink),
    custom('revops_call_requested_at', t(LABELS.callRequestedAt), 'datetime', (lead) => lead.callRequestedAt),
    custom('revops_submitted_at', t(LABELS.submittedAt), 'datetime', (lead) => lead.submittedAt),
    enumeration('revops_status', t(LABELS.status), (lead) => lead.status, LEAD_STATUSES.map((s) => ({ value: s, label: t(questionnaire.workspace.status[s]) }))),
    enumeration('revops_company_size', t(LABELS.companySize), (lead) => lead.companySize, segmentChoices(questionnaire.segments.companySizes)),
    enumeration('revops_business_model', t(LABELS.businessModel), (lead) => lead.businessModel, segmentChoices(questionnaire.segments.businessModels)),
    enumeration('revops_deal_size', t(LABELS.dealSize), (lead) => lead.dealSize, segmentChoices(questionnaire.segments.dealSizes)),
    enumeration('revops_locale', t(LABELS.locale), (lead) => lead.locale, LOCALES.map((l) => ({ value: l, label: t(questionnaire.workspace.languages[l]) }))),
    custom('revops_submission_id', t(LABELS.submissionId), 'string', (lead) => lead.submissionId),
    firstTouch('source'),
    firstTouch('medium'),
    firstTouch('campaign'),
    firstTouch('term'),
    firstTouch('content'),
    custom('revops_referrer', t(LABELS.referrer), 'string', (lead) => lead.firstTouch?.referrer),
    custom('revops_landing_path', t(LABELS.landingPath), 'string', (lead) => lead.firstTouch?.landingPath),
    custom('revops_first_visit', t(LABELS.firstVisit), 'date', (lead) => lead.firstTouch?.at),
  ];
}

/** HubSpot's longest string property value. */
const MAX_STRING = 65_536;

/**
 * A value in the form HubSpot takes for `property`'s type, or `null` when there is nothing to
 * write (unknown, not a finite number, not a valid date, or not a declared option: HubSpot would
 * refuse the whole contact for one bad enumeration value).
 * @example encodeValue({ type: 'date', … }, '2026-05-01T18:30:00Z') // 1777593600000 (midnight UTC)
 */
export function encodeValue(property: Pick<HubspotProperty, 'type' | 'options'>, input: PropertyInput): HubspotValue | null {
  if (input === null || input === undefined) return null;
  switch (property.type) {
    case 'number': {
      const value = typeof input === 'number' ? input : Number.NaN;
      return Number.isFinite(value) ? value : null;
    }
    case 'datetime':
    case 'date': {
      const ms = typeof input === 'number' ? input : typeof input === 'string' ? Date.parse(input) : Number.NaN;
      if (!Number.isFinite(ms)) return null;
      if (property.type === 'datetime') return ms;
      // A date property refuses anything but midnight UTC of its day.
      const day = new Date(ms);
      return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    }
    case 'bool':
    case 'enumeration': {
      const value = String(input);
      return property.options?.some((option) => option.value === value) ? value : null;
    }
    case 'string': {
      const value = String(input).trim();
      return value === '' ? null : value.slice(0, MAX_STRING);
    }
  }
}

/**
 * The contact's properties for HubSpot from `lead`: every property with a value, encoded for its
 * type. Unknown values are left out rather than sent empty, so an event that knows less (a
 * masterclass sign-up without a diagnostic) never erases what an earlier one wrote.
 */
export function contactProperties(lead: CrmLead, properties: readonly HubspotProperty[]): Record<string, HubspotValue> {
  const out: Record<string, HubspotValue> = {};
  for (const property of properties) {
    const value = encodeValue(property, property.read(lead));
    if (value !== null) out[property.name] = value;
  }
  return out;
}
