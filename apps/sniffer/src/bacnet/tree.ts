import { BACNET_LIMITS, type DecodedField } from "./types.js";

/** A field while the tree is being built (the public type is its read-only view). */
export interface FieldNode {
  name: string;
  label: string;
  value: number | string | boolean;
  offset: number;
  length: number;
  /** Absent (undefined) for leaves; always present as a key so that every node has one shape. */
  children: FieldNode[] | undefined;
}

/**
 * Where the walk puts its fields: a {@link TreeBuilder} (objects with labels) or a
 * {@link VisitSink} (a callback per field, no objects, no labels).
 */
export interface FieldSink {
  /** Whether the fields' labels are wanted; when false, decoders pass `""` and skip building them. */
  readonly labels: boolean;
  /** Set once the field cap was reached. */
  full: boolean;
  leaf(name: string, label: string, value: number | string | boolean, offset: number, length: number): FieldNode;
  open(name: string, label: string, value: number | string | boolean, offset: number, length?: number): FieldNode;
  add(node: FieldNode): FieldNode;
  close(end?: number): void;
  closeTo(node: FieldNode, end: number): void;
}

/**
 * Builds the {@link DecodedField} tree in document order: {@link leaf} adds to the innermost
 * open node, {@link open} / {@link close} bracket a node's children. Stops adding (and says
 * so through {@link full}) at {@link BACNET_LIMITS}.maxFields.
 */
export class TreeBuilder implements FieldSink {
  readonly labels = true;
  readonly roots: FieldNode[] = [];
  #path: FieldNode[] = [];
  #count = 0;
  /** Set once the field cap was reached. */
  full = false;

  #add(node: FieldNode): FieldNode {
    if (this.#count >= BACNET_LIMITS.maxFields) {
      this.full = true;
      return node;
    }
    this.#count++;
    const parent = this.#path[this.#path.length - 1];
    if (parent === undefined) this.roots.push(node);
    else (parent.children ??= []).push(node);
    return node;
  }

  /** A node built elsewhere (e.g. a {@link LazyNode}), added like a leaf. */
  add(node: FieldNode): FieldNode {
    return this.#add(node);
  }

  /** A field without children. */
  leaf(name: string, label: string, value: number | string | boolean, offset: number, length: number): FieldNode {
    return this.#add({ name, label, value, offset, length, children: undefined });
  }

  /** A field whose children follow until {@link close}. */
  open(name: string, label: string, value: number | string | boolean, offset: number, length = 0): FieldNode {
    const node = this.#add({ name, label, value, offset, length, children: undefined });
    this.#path.push(node);
    return node;
  }

  /** Ends the innermost open node; with `end`, its length becomes `end - offset`. */
  close(end?: number): void {
    const node = this.#path.pop();
    if (node !== undefined && end !== undefined) node.length = end - node.offset;
  }

  /** Closes every open node up to and including `node` (after a decode stopped early). */
  closeTo(node: FieldNode, end: number): void {
    while (this.#path.length > 0) {
      const top = this.#path.pop() as FieldNode;
      if (top.length === 0) top.length = Math.max(0, end - top.offset);
      if (top === node) return;
    }
  }

  /** The finished tree. */
  fields(): readonly DecodedField[] {
    return this.roots;
  }
}

/** What `visitNpdu` calls for each field, in document order (`depth` 0 for the `bacnet` and `bacapp` nodes). */
export type FieldVisitor = (
  name: string,
  value: number | string | boolean,
  offset: number,
  length: number,
  depth: number,
) => void;

const nothing: FieldVisitor = () => undefined;

/**
 * Hands every field to a {@link FieldVisitor} as the walk meets it and keeps nothing: the path
 * for field extraction and display filters (no field cap: the walk's tag cap bounds the calls). A container's length is reported as known when it
 * opens (0 for the `bacnet`/`bacapp`/list nodes, whose length the tree sets at their end).
 */
export class VisitSink implements FieldSink {
  readonly labels = false;
  full = false;
  visitor: FieldVisitor = nothing;
  #depth = 0;
  /** One reusable node per depth, handed out by {@link open} so that {@link closeTo} can find its depth. */
  readonly #nodes: FieldNode[] = [];
  readonly #scratch: FieldNode = { name: "", label: "", value: 0, offset: 0, length: 0, children: undefined };

  /** Starts a visit. */
  reset(visitor: FieldVisitor): void {
    this.visitor = visitor;
    this.#depth = 0;
    this.full = false;
  }

  leaf(name: string, _label: string, value: number | string | boolean, offset: number, length: number): FieldNode {
    this.visitor(name, value, offset, length, this.#depth);
    return this.#scratch;
  }

  open(name: string, _label: string, value: number | string | boolean, offset: number, length = 0): FieldNode {
    this.visitor(name, value, offset, length, this.#depth);
    const node = (this.#nodes[this.#depth] ??= {
      name: "",
      label: "",
      value: 0,
      offset: 0,
      length: 0,
      children: undefined,
    });
    this.#depth++;
    return node;
  }

  add(node: FieldNode): FieldNode {
    // Not used by the walk in visit mode (it emits tag headers itself); kept for the interface.
    this.leaf(node.name, "", node.value, node.offset, node.length);
    return node;
  }

  close(): void {
    if (this.#depth > 0) this.#depth--;
  }

  closeTo(node: FieldNode): void {
    const at = this.#nodes.indexOf(node);
    if (at >= 0 && at < this.#depth) this.#depth = at;
  }
}

/**
 * A node whose children are built only when somebody reads them (`-V`, `-T json`, a search
 * by name): the header fields under every tag and the NPDU control bits are most of a tree's
 * nodes and rarely read. `toJSON` makes `JSON.stringify` see the children as if they were data.
 */
export abstract class LazyNode implements FieldNode {
  #children: FieldNode[] | undefined;
  #built = false;

  constructor(
    public name: string,
    public label: string,
    public value: number | string | boolean,
    public offset: number,
    public length: number,
  ) {}

  /** Builds the children (called once, on first read). */
  protected abstract build(): FieldNode[];

  /** The children, built on first read. */
  get children(): FieldNode[] | undefined {
    if (!this.#built) {
      this.#built = true;
      this.#children = this.build();
    }
    return this.#children;
  }

  set children(value: FieldNode[] | undefined) {
    this.#built = true;
    this.#children = value;
  }

  /** The node as plain data, children included. */
  toJSON(): DecodedField {
    const children = this.children;
    return {
      name: this.name,
      label: this.label,
      value: this.value,
      offset: this.offset,
      length: this.length,
      ...(children !== undefined ? { children } : {}),
    };
  }
}

/** A plain leaf node (for the lazy nodes' children). */
export function leafNode(
  name: string,
  label: string,
  value: number | string | boolean,
  offset: number,
  length: number,
): FieldNode {
  return { name, label, value, offset, length, children: undefined };
}
