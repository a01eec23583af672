/** A node of `GET /api/v1/categories`. */
export interface CategoryNode {
  id: string;
  code: string;
  name: string;
  active: boolean;
  children: CategoryNode[];
}

/** One pickable category with the names of its ancestors, for showing where it sits in the tree. */
export interface CategoryOption {
  code: string;
  name: string;
  /** Names from the root down to this category, itself included. */
  path: string[];
  depth: number;
  leaf: boolean;
}

/** The active part of the tree in display order (depth first); a retired branch hides its children. */
export function flattenCategories(tree: CategoryNode[]): CategoryOption[] {
  const out: CategoryOption[] = [];
  const walk = (nodes: CategoryNode[], path: string[]) => {
    for (const n of nodes) {
      if (!n.active) continue;
      const here = [...path, n.name];
      const children = n.children.filter((c) => c.active);
      out.push({ code: n.code, name: n.name, path: here, depth: path.length, leaf: children.length === 0 });
      walk(children, here);
    }
  };
  walk(tree, []);
  return out;
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * Categories matching every word of the query in their name, their ancestors' names or their
 * code (so `noise night` and `噪声` both work, in either language). Best first: a name that
 * starts with the first word, then one that contains it, then matches only through the path or
 * code; at equal rank, leaves (what a ticket should be filed under) before their parents, then
 * tree order. An empty query lists the whole tree.
 */
export function searchCategories(options: CategoryOption[], query: string): CategoryOption[] {
  const words = norm(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return options;
  const scored: { option: CategoryOption; rank: number; index: number }[] = [];
  options.forEach((option, index) => {
    const name = norm(option.name);
    const haystack = `${norm(option.path.join(' '))} ${norm(option.code)}`;
    if (!words.every((w) => haystack.includes(w))) return;
    const first = words[0];
    const rank = (name.startsWith(first) ? 0 : name.includes(first) ? 2 : 4) + (option.leaf ? 0 : 1);
    scored.push({ option, rank, index });
  });
  return scored.sort((a, b) => a.rank - b.rank || a.index - b.index).map((s) => s.option);
}
