import { useEffect, useState } from 'react';
import { isAbort, type DeadlinePreview, type RouteSuggestion } from '../../api';
import { useSession } from '../../session';

export interface RoutePreview {
  loading: boolean;
  suggestion: RouteSuggestion | null;
  deadline: DeadlinePreview | null;
  error: unknown;
}

export interface PreviewDraft {
  categoryCode: string | null;
  priority: string;
  district: string;
  description: string;
}

const DEBOUNCE_MS = 300;

/**
 * The routing suggestion and the committed deadline for the complaint as drafted so far, so the
 * operator can read both to the caller before saving. Both come from the same API the save
 * uses (routing rules, SLA policy, working calendar), so what is read out is what is committed.
 */
export function useRoutePreview(draft: PreviewDraft, enabled: boolean): RoutePreview {
  const { api } = useSession();
  const [preview, setPreview] = useState<RoutePreview>({ loading: false, suggestion: null, deadline: null, error: null });
  const { categoryCode, priority, district, description } = draft;

  useEffect(() => {
    if (!enabled || !categoryCode) {
      setPreview({ loading: false, suggestion: null, deadline: null, error: null });
      return;
    }
    const controller = new AbortController();
    setPreview((p) => ({ ...p, loading: true }));
    const query = { categoryCode, district: district.trim() || undefined, description: description.trim().slice(0, 5000) || undefined };
    const timer = setTimeout(() => {
      Promise.all([
        api<RouteSuggestion[]>('GET', '/routing/suggest', { query, signal: controller.signal }),
        api<DeadlinePreview>('GET', '/deadlines/preview', { query: { ...query, priority }, signal: controller.signal }),
      ]).then(
        ([suggestions, deadline]) => setPreview({ loading: false, suggestion: suggestions[0] ?? null, deadline, error: null }),
        (error) => !isAbort(error) && setPreview({ loading: false, suggestion: null, deadline: null, error }),
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, enabled, categoryCode, priority, district, description]);

  return preview;
}
