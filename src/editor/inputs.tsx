/** @jsxImportSource react */
// The editor's own fields, where Keystatic's do not write the file's shape: numbers written as typed
// (0.0515, not rounded for display), yes/no and choices that leave a default out of the file, and
// unions (a rule's condition, a benchmark's comparison) written as the plain group of fields they are.
import { useState, type ReactElement } from 'react';
import { fields } from '@keystatic/core';
import type { BasicFormField, FormFieldInputProps } from '@keystatic/core';
import { TextField } from '@keystar/ui/text-field';
import { Checkbox } from '@keystar/ui/checkbox';
import { Picker, Item } from '@keystar/ui/picker';
import { Flex } from '@keystar/ui/layout';
import { Text } from '@keystar/ui/typography';
import type { Shape } from './zod-walk.ts';
import { fieldLabel } from './labels.ts';

type Stored = unknown;
class FieldDataError extends Error {}

/** A custom field: parse and serialize around `Input`; `reader.parse` for Keystatic's reader. */
function formField<T extends {} | null>(spec: {
  label: string;
  Input: (props: FormFieldInputProps<T>) => ReactElement | null;
  defaultValue: () => T;
  parse: (value: Stored) => T;
  serialize: (value: T) => Stored;
  validate?: (value: T) => T;
}): BasicFormField<T> {
  return {
    kind: 'form',
    label: spec.label,
    Input: spec.Input,
    defaultValue: spec.defaultValue,
    parse: (value) => spec.parse(value),
    serialize: (value) => ({ value: spec.serialize(value) as never }),
    validate: spec.validate ?? ((value) => value),
    reader: { parse: (value) => spec.parse(value) },
  };
}

/** A number typed in plain notation (`0.0515`, `-3`, `1e6`), kept exactly as typed. */
export function numberField(label: string, description: string | undefined, optional: boolean): BasicFormField<string> {
  const read = (text: string) => (text.trim() === '' ? undefined : Number(text));
  return formField<string>({
    label,
    Input({ value, onChange, autoFocus, forceValidation }) {
      const [touched, setTouched] = useState(false);
      const n = read(value);
      const error = n === undefined ? (optional ? undefined : `${label} is required`) : Number.isFinite(n) ? undefined : `${label} must be a number, like 0.05 or 12`;
      return (
        <TextField
          label={label}
          description={description}
          inputMode="decimal"
          value={value}
          onChange={onChange}
          onBlur={() => setTouched(true)}
          autoFocus={autoFocus}
          errorMessage={touched || forceValidation ? error : undefined}
        />
      );
    },
    defaultValue: () => '',
    parse(value) {
      if (value === undefined || value === null) return '';
      if (typeof value !== 'number') throw new FieldDataError('Must be a number');
      return String(value);
    },
    serialize: (value) => read(value),
    validate(value) {
      const n = read(value);
      if (n === undefined ? !optional : !Number.isFinite(n)) throw new FieldDataError(`${label} must be a number`);
      return value;
    },
  });
}

/** Yes/no; a value equal to the field's default is left out of the file, as authors write it. */
export function booleanField(label: string, description: string | undefined, defaultValue: boolean): BasicFormField<boolean> {
  return formField<boolean>({
    label,
    Input: ({ value, onChange, autoFocus }) => (
      <Checkbox isSelected={value} onChange={onChange} autoFocus={autoFocus}>
        <Text>{label}</Text>
        {description ? <Text slot="description">{description}</Text> : null}
      </Checkbox>
    ),
    defaultValue: () => defaultValue,
    parse(value) {
      if (value === undefined) return defaultValue;
      if (typeof value !== 'boolean') throw new FieldDataError('Must be yes or no');
      return value;
    },
    serialize: (value) => (value === defaultValue ? undefined : value),
  });
}

/** One of a list of ids; optional ones may be left empty (left out of the file). */
export function choiceField(label: string, description: string | undefined, values: string[], optional: boolean) {
  if (!optional) return fields.select({ label, description, options: values.map((value) => ({ label: value, value })), defaultValue: values[0]! });
  return formField<string>({
    label,
    Input: ({ value, onChange, autoFocus }) => (
      <Picker label={label} description={description} value={value} onChange={(key) => onChange(String(key))} autoFocus={autoFocus}>
        {[<Item key="">—</Item>, ...values.map((v) => <Item key={v}>{v}</Item>)]}
      </Picker>
    ),
    defaultValue: () => '',
    parse(value) {
      if (value === undefined) return '';
      if (typeof value !== 'string' || !values.includes(value)) throw new FieldDataError(`Must be one of ${values.join(', ')}`);
      return value;
    },
    serialize: (value) => (value === '' ? undefined : value),
  });
}

/** A fixed value: not shown, always written. */
export function literalField(label: string, value: string | number | boolean) {
  return formField<{ value: string | number | boolean }>({
    label,
    Input: () => null,
    defaultValue: () => ({ value }),
    parse: () => ({ value }),
    serialize: () => value,
  });
}

type Group = Record<string, unknown>;
/** A union's variant: a flat group of fields (texts, numbers, ids, lists of ids, a fixed kind). */
type Variant = { label: string; fields: [string, Shape, boolean][] };

function variantOf(shape: Shape): Variant {
  if (shape.kind !== 'object') throw new Error('a union\'s variants must be groups of fields');
  const entries = Object.entries(shape.fields).map(([key, field]) => [key, field.shape, field.optional] as [string, Shape, boolean]);
  const fixed = entries.find(([, s]) => s.kind === 'literal' && typeof s.value === 'string');
  const label = fixed && fixed[1].kind === 'literal' ? String(fixed[1].value) : entries.filter(([, s]) => s.kind !== 'literal').map(([key]) => fieldLabel(key)).join(' · ');
  return { label, fields: entries };
}

/** How well a stored group fits a variant: every key known, the fixed kind equal, the required keys present. */
function fits(variant: Variant, value: Group): number {
  const keys = new Set(variant.fields.map(([key]) => key));
  if (Object.keys(value).some((key) => !keys.has(key))) return 0;
  let score = 1;
  for (const [key, shape, optional] of variant.fields) {
    if (shape.kind === 'literal' && value[key] !== undefined && value[key] !== shape.value) return 0;
    if (value[key] !== undefined) score += 2;
    else if (!optional && shape.kind !== 'literal') score -= 1;
  }
  return score;
}

/** The variant a stored group is, or the first. */
export function variantIndex(variants: Variant[], value: Group): number {
  let best = 0;
  let bestScore = -Infinity;
  variants.forEach((variant, index) => {
    const score = fits(variant, value);
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  return best;
}

const listText = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');
const textList = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);

/** A group edited as it is stored: the form shows the chosen variant's fields. */
function UnionInput({ label, description, variants, value, onChange }: { label: string; description?: string; variants: Variant[] } & FormFieldInputProps<Group>) {
  const index = variantIndex(variants, value);
  const variant = variants[index]!;
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const choose = (key: string) => {
    const chosen = variants[Number(key)]!;
    const next: Group = {};
    for (const [k, shape] of chosen.fields) {
      if (shape.kind === 'literal') next[k] = shape.value;
      else if (value[k] !== undefined) next[k] = value[k];
    }
    onChange(next);
  };
  return (
    <Flex direction="column" gap="regular">
      <Picker label={label} description={description} value={String(index)} onChange={(key) => choose(String(key))}>
        {variants.map((v, i) => <Item key={String(i)}>{v.label}</Item>)}
      </Picker>
      {variant.fields.map(([key, shape, optional]) => {
        if (shape.kind === 'literal' && typeof shape.value === 'string') return null;
        if (shape.kind === 'literal' || shape.kind === 'boolean')
          return (
            <Checkbox key={key} isSelected={value[key] === true} onChange={(on) => set(key, on ? true : undefined)}>
              {fieldLabel(key)}
            </Checkbox>
          );
        if (shape.kind === 'array')
          return <TextField key={key} label={`${fieldLabel(key)} (separated by commas)`} value={listText(value[key])} onChange={(text) => set(key, textList(text))} />;
        if (shape.kind === 'number')
          return (
            <TextField
              key={key}
              label={optional ? `${fieldLabel(key)} (optional)` : fieldLabel(key)}
              inputMode="decimal"
              value={value[key] === undefined ? '' : String(value[key])}
              onChange={(text) => set(key, text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text)}
            />
          );
        if (shape.kind === 'enum')
          return (
            <Picker key={key} label={fieldLabel(key)} value={typeof value[key] === 'string' ? (value[key] as string) : null} onChange={(k) => set(key, String(k))}>
              {shape.values.map((v) => <Item key={v}>{v}</Item>)}
            </Picker>
          );
        return <TextField key={key} label={optional ? `${fieldLabel(key)} (optional)` : fieldLabel(key)} value={typeof value[key] === 'string' ? (value[key] as string) : ''} onChange={(text) => set(key, text)} />;
      })}
    </Flex>
  );
}

/** A union of flat groups, e.g. a rule's condition `{dimension, below}` or `{question, answer}`. */
export function unionField(label: string, description: string | undefined, shapes: Shape[]) {
  const variants = shapes.map(variantOf);
  const field = formField<Group>({
    label,
    Input: (props) => <UnionInput label={label} description={description} variants={variants} {...props} />,
    defaultValue: () => {
      const first: Group = {};
      for (const [key, shape] of variants[0]!.fields) if (shape.kind === 'literal') first[key] = shape.value;
      return first;
    },
    parse(value) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new FieldDataError('Must be a group of fields');
      return value as Group;
    },
    serialize: (value) => value,
  });
  return Object.assign(field, { variants: shapes });
}
