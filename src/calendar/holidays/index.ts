import { CN_2025 } from './cn-2025.js';
import { CN_2026 } from './cn-2026.js';
import { CN_2027 } from './cn-2027.js';
import type { HolidayArrangement } from './holiday-arrangement.js';

export type { HolidayArrangement } from './holiday-arrangement.js';

/**
 * Mainland China arrangements, one file per year. The State Council publishes next year's
 * (国务院办公厅关于YYYY年部分节假日安排的通知) each November: add `cn-YYYY.ts` and one line here.
 * 2027 is provisional (statutory days only): its notice was not found when this list was last updated.
 */
export const CN_ARRANGEMENTS: readonly HolidayArrangement[] = [CN_2025, CN_2026, CN_2027];
