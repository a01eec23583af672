import { useEffect, useState } from 'react';
import type { CategoryNode, Department } from '../../api';
import { flattenCategories, type CategoryOption } from '../../category-search';
import { useSession } from '../../session';

export interface Directory {
  categories: CategoryOption[];
  departments: Map<string, Department>;
  error: unknown;
}

/** The category tree and the department names, read once when the screen opens. */
export function useDirectory(): Directory {
  const { api } = useSession();
  const [dir, setDir] = useState<Directory>({ categories: [], departments: new Map(), error: null });
  useEffect(() => {
    let live = true;
    Promise.all([api<CategoryNode[]>('GET', '/categories'), api<Department[]>('GET', '/departments')]).then(
      ([tree, departments]) => live && setDir({ categories: flattenCategories(tree), departments: new Map(departments.map((d) => [d.id, d])), error: null }),
      (error) => live && setDir((d) => ({ ...d, error })),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return dir;
}
