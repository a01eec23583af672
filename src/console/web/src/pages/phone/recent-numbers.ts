const KEY = 'hotline.phone.recent';
const MAX = 6;

/** Numbers this PC played recently, newest first: a demo goes back and forth between a few callers. */
export function recentNumbers(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function remember(phone: string): string[] {
  const list = [phone, ...recentNumbers().filter((p) => p !== phone)].slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(list));
  return list;
}
