import { useEffect } from 'react';

/** The browser tab names the screen: operators keep several tabs open. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
