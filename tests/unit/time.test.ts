import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { addDays, isValidDate, shanghaiDate, shanghaiInstant } from '../../cloudfunctions/core/time';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('Asia/Shanghai conversions agree with the tz database', () => {
  it('shanghaiDate matches dayjs.tz for instants across years and midnights', () => {
    const start = Date.parse('1995-01-01T00:00:00Z');
    for (let t = start, i = 0; i < 3000; i++, t += 7 * 3600_000 + 13 * 60_000 + 17_000) {
      const d = new Date(t);
      expect(shanghaiDate(d)).toBe(dayjs(d).tz('Asia/Shanghai').format('YYYY-MM-DD'));
    }
  });
  it('shanghaiInstant matches dayjs.tz for wall-clock times', () => {
    for (const [date, hhmm] of [
      ['2026-12-31', '23:59'],
      ['2027-01-01', '00:00'],
      ['2027-03-03', '09:00'],
      ['2000-02-29', '07:30'],
    ]) {
      expect(shanghaiInstant(date, hhmm).toISOString()).toBe(
        dayjs.tz(`${date} ${hhmm}`, 'YYYY-MM-DD HH:mm', 'Asia/Shanghai').toISOString(),
      );
    }
  });
  it('adds days over month and year ends and validates real dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
  });
});
