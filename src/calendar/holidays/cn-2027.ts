import { arrangement } from './holiday-arrangement.js';

/**
 * 2027, provisional: the statutory days only, until the State Council publishes its notice
 * (国务院办公厅关于2027年部分节假日安排的通知, usually in November; not found on 2026-11-22).
 *
 * The days are what 《全国年节及纪念日放假办法》 (as revised by State Council Decree No. 795,
 * 2024-11-10, in force 2025) gives everyone: New Year 1 day, Spring Festival 4 (除夕 to 初三),
 * Qingming 1, Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3; a statutory day on a
 * weekend is made up on the following working days (its Article 4). Lunar dates: 正月初一 is
 * Saturday 6 February (new moon 2027-02-06 15:56 UTC, 23:56 Beijing, by Meeus' algorithm; the
 * `date-holidays` package agrees; ICU's approximate Chinese calendar says 7 February), 端午
 * 9 June and 中秋 15 September (`date-holidays` and ICU agree), 清明 5 April.
 *
 * What the notice will add is unknown: bridging days and the weekend days worked in exchange
 * (调休). Until it is encoded, deadlines around 2027's festivals may come a day or two early, and
 * the service says so at start-up. Replace this file with the notice's days when it is out.
 */
export const CN_2027 = arrangement({
  year: 2027,
  source:
    '《全国年节及纪念日放假办法》（2024年11月10日国务院令第795号修订）第二条、第四条；农历日期按朔望计算' +
    ' https://www.gov.cn/zhengce/content/202411/content_6986380.htm',
  provisional: 'statutory days only: the State Council notice for 2027 is not encoded yet',
  festivals: [
    // 元旦：1月1日（周五）。
    { name: '元旦', holidays: ['2027-01-01'] },
    // 春节：除夕2月5日（周五）、初一至初三2月6日至8日；6日、7日逢周末，9日、10日补假。
    { name: '春节', holidays: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'] },
    // 清明节：4月5日（周一）。
    { name: '清明节', holidays: ['2027-04-05'] },
    // 劳动节：5月1日、2日逢周末，3日、4日补假。
    { name: '劳动节', holidays: ['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04'] },
    // 端午节：6月9日（周三）。
    { name: '端午节', holidays: ['2027-06-09'] },
    // 中秋节：9月15日（周三）。
    { name: '中秋节', holidays: ['2027-09-15'] },
    // 国庆节：10月1日（周五）至3日；2日、3日逢周末，4日、5日补假。
    { name: '国庆节', holidays: ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05'] },
  ],
});
