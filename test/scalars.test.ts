import { LocalDate } from '../src/graphql/scalars.js';

describe('LocalDate', () => {
  it('sends the hub\'s dates as they are, and refuses what is not a date', () => {
    expect(LocalDate.serialize('2026-12-02')).toBe('2026-12-02');
    expect(() => LocalDate.serialize('2 December 2026')).toThrow(/LocalDate/);
    expect(() => LocalDate.serialize(20261202)).toThrow(/not string/);
  });

  it('checks every date a client sends in full, calendar included', () => {
    expect(LocalDate.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(() => LocalDate.parseValue('2023-02-29')).toThrow(/LocalDate/);
    expect(() => LocalDate.parseValue('2023-13-01')).toThrow(/LocalDate/);
  });
});
