import { BACNET_LIMITS, type DecodedField } from "./types.js";

/** A field while the tree is being built (the public type is its read-only view). */
export interface FieldNode {
  name: string;
  label: string;
  value: number | string | boolean;
  offset: number;
  length: number;
  children?: FieldNode[];
}

/**
 * Builds the {@link DecodedField} tree in document order: {@link leaf} adds to the innermost
 * open node, {@link open} / {@link close} bracket a node's children. Stops adding (and says
 * so through {@link full}) at {@link BACNET_LIMITS}.maxFields.
 */
export class TreeBuilder {
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

  /** A field without children. */
  leaf(name: string, label: string, value: number | string | boolean, offset: number, length: number): FieldNode {
    return this.#add({ name, label, value, offset, length });
  }

  /** A field whose children follow until {@link close}. */
  open(name: string, label: string, value: number | string | boolean, offset: number, length = 0): FieldNode {
    const node = this.#add({ name, label, value, offset, length });
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
