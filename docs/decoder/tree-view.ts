/**
 * The `-V` field tree as a keyboard-operable ARIA tree (WAI-ARIA APG tree view pattern):
 * one tab stop, arrows move, Right/Left expand and collapse, Enter/Space toggle, Home/End.
 * Selection follows focus; selecting a field tells the page which octets it covers. Groups are
 * rendered when first expanded, so a large tree costs only what is open.
 *
 * @module
 */
import type { DecodedField } from "@bip6/sniffer";
import { el } from "./dom.ts";

/** Layers shown collapsed at first: what lies under BACnet/IPv6 (as Wireshark users expect). */
const COLLAPSED_LAYERS = new Set(["frame", "eth", "vlan", "sll", "null", "ipv6", "udp"]);

/** The tree and what the page asks of it. */
export interface TreeView {
  readonly element: HTMLElement;
  /** Selects (and reveals) the innermost field covering octet `offset`; false when none does. */
  selectAt(offset: number): boolean;
}

interface Node {
  readonly field: DecodedField;
  readonly item: HTMLLIElement;
  readonly parent: Node | undefined;
  group: HTMLUListElement | undefined;
}

/** Builds the tree of `fields`; `onSelect` gets the field a user selects. */
export function treeView(
  fields: readonly DecodedField[],
  label: string,
  onSelect: (field: DecodedField) => void,
): TreeView {
  const root = el("ul", { role: "tree", "aria-label": label, class: "tree" });
  const nodes = new Map<HTMLElement, Node>();
  let focused: Node | undefined;

  const hasChildren = (f: DecodedField): boolean => (f.children?.length ?? 0) > 0;

  function item(field: DecodedField, depth: number, parent: Node | undefined): Node {
    const li = el("li", {
      role: "treeitem",
      "aria-level": String(depth + 1),
      "aria-selected": "false",
      tabindex: "-1",
      "data-field": field.name,
      "data-offset": String(field.offset),
      "data-length": String(field.length),
    });
    const row = el(
      "div",
      { class: "row" },
      el("span", { class: "twisty", "aria-hidden": "true" }),
      el("span", { class: "label" }, field.label),
    );
    li.append(row);
    const node: Node = { field, item: li, parent, group: undefined };
    nodes.set(li, node);
    if (hasChildren(field)) {
      const open = depth === 0 && !COLLAPSED_LAYERS.has(field.name);
      li.setAttribute("aria-expanded", "false");
      if (open) expand(node);
    }
    return node;
  }

  function expand(node: Node): void {
    if (node.group === undefined) {
      const depth = Number(node.item.getAttribute("aria-level"));
      node.group = el("ul", { role: "group" });
      for (const c of node.field.children ?? []) node.group.append(item(c, depth, node).item);
      node.item.append(node.group);
    }
    node.group.hidden = false;
    node.item.setAttribute("aria-expanded", "true");
  }

  function collapse(node: Node): void {
    if (node.group !== undefined) node.group.hidden = true;
    node.item.setAttribute("aria-expanded", "false");
  }

  const expanded = (node: Node): boolean => node.item.getAttribute("aria-expanded") === "true";

  /** The items a user can reach (not inside a collapsed group), in order. */
  function visible(): Node[] {
    const out: Node[] = [];
    const walk = (list: HTMLElement): void => {
      for (const li of Array.from(list.children) as HTMLElement[]) {
        const node = nodes.get(li);
        if (node === undefined) continue;
        out.push(node);
        if (node.group !== undefined && expanded(node)) walk(node.group);
      }
    };
    walk(root);
    return out;
  }

  function focus(node: Node, moveFocus = true): void {
    if (focused !== undefined) {
      focused.item.setAttribute("tabindex", "-1");
      focused.item.setAttribute("aria-selected", "false");
    }
    focused = node;
    node.item.setAttribute("tabindex", "0");
    node.item.setAttribute("aria-selected", "true");
    if (moveFocus) node.item.focus();
    node.item.querySelector(".row")?.scrollIntoView({ block: "nearest" });
    onSelect(node.field);
  }

  for (const f of fields) root.append(item(f, 0, undefined).item);
  const first = nodes.get(root.firstElementChild as HTMLElement);
  if (first !== undefined) first.item.setAttribute("tabindex", "0");

  root.addEventListener("click", (e) => {
    const li = (e.target as HTMLElement).closest("li[role=treeitem]") as HTMLElement | null;
    const node = li ? nodes.get(li) : undefined;
    if (node === undefined) return;
    e.stopPropagation();
    if ((e.target as HTMLElement).classList.contains("twisty") && hasChildren(node.field)) {
      if (expanded(node)) collapse(node);
      else expand(node);
    }
    focus(node);
  });
  root.addEventListener("dblclick", (e) => {
    const li = (e.target as HTMLElement).closest("li[role=treeitem]") as HTMLElement | null;
    const node = li ? nodes.get(li) : undefined;
    if (node === undefined || !hasChildren(node.field) || (e.target as HTMLElement).classList.contains("twisty"))
      return;
    if (expanded(node)) collapse(node);
    else expand(node);
  });
  root.addEventListener("keydown", (e) => {
    const current = focused ?? first;
    if (current === undefined) return;
    const list = visible();
    const at = list.indexOf(current);
    let target: Node | undefined;
    switch (e.key) {
      case "ArrowDown":
        target = list[at + 1];
        break;
      case "ArrowUp":
        target = list[at - 1];
        break;
      case "Home":
        target = list[0];
        break;
      case "End":
        target = list[list.length - 1];
        break;
      case "ArrowRight":
        if (hasChildren(current.field)) {
          if (!expanded(current)) expand(current);
          else target = nodes.get(current.group?.firstElementChild as HTMLElement);
        }
        break;
      case "ArrowLeft":
        if (hasChildren(current.field) && expanded(current)) collapse(current);
        else target = current.parent;
        break;
      case "Enter":
      case " ":
        if (hasChildren(current.field)) {
          if (expanded(current)) collapse(current);
          else expand(current);
        }
        target = current;
        break;
      case "*":
        for (const sibling of list.filter((n) => n.parent === current.parent && hasChildren(n.field))) expand(sibling);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (target !== undefined) focus(target);
  });

  return {
    element: root,
    selectAt(offset: number): boolean {
      // The innermost field covering the octet, found in the data (groups may not be rendered yet).
      let path: DecodedField[] = [];
      const find = (list: readonly DecodedField[], trail: DecodedField[]): void => {
        for (const f of list) {
          if (f.length > 0 && offset >= f.offset && offset < f.offset + f.length) {
            const here = [...trail, f];
            if (here.length > path.length || (here.length === path.length && f.length < (path.at(-1)?.length ?? 0)))
              path = here;
            if (f.children !== undefined) find(f.children, here);
          }
        }
      };
      find(fields, []);
      if (path.length === 0) return false;
      let list: HTMLElement = root;
      let node: Node | undefined;
      for (const f of path) {
        node = [...list.children].map((li) => nodes.get(li as HTMLElement)).find((n) => n?.field === f);
        if (node === undefined) return false;
        if (f !== path.at(-1)) {
          expand(node);
          list = node.group as HTMLElement;
        }
      }
      if (node === undefined) return false;
      focus(node, false);
      return true;
    },
  };
}
