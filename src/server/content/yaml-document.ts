import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';

/** How content files are written: no line folding, `[a, b]` lists as authors write them. */
export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

const isGroup = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));

/**
 * A file's new text: `value` written into the file's own YAML, so that what did not change keeps
 * its text, quoting and comments (the header, `$schema` line, notes between items). Groups are
 * matched by key, lists by position; a changed scalar keeps its quoting style.
 */
export function rewriteYaml(original: string, value: unknown): string {
  const doc = parseDocument(original);
  doc.contents = update(doc, doc.contents as Node | null, value) as typeof doc.contents;
  return doc.toString(YAML_OUTPUT);
}

function update(doc: Document, node: Node | null, value: unknown): Node {
  if (isGroup(value) && isMap(node)) {
    for (const pair of [...node.items]) if (!(keyOf(pair) in value)) node.delete(pair.key);
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const pair = node.items.find((p) => keyOf(p) === key);
      if (pair) pair.value = update(doc, pair.value as Node | null, v);
      else node.set(doc.createNode(key), doc.createNode(v));
    }
    return node;
  }
  if (Array.isArray(value) && isSeq(node)) {
    node.items = value.map((v, i) => (i < node.items.length ? update(doc, node.items[i] as Node | null, v) : doc.createNode(v)));
    return node;
  }
  if (isScalar(node) && !isGroup(value) && !Array.isArray(value)) {
    if (node.value === value) return node;
    node.value = value;
    // A new number is written as it is (0.2), not in the old one's format (0.10 → 0.20).
    if (typeof value === 'number') delete node.minFractionDigits;
    return node;
  }
  const created = doc.createNode(value) as Node;
  if (node) {
    created.commentBefore = node.commentBefore;
    created.comment = node.comment;
  }
  return created;
}
