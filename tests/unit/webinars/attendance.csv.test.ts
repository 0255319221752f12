import { detectEncoding, readRow, resolveMapping } from '../../../server/modules/webinars/attendance.csv';
import { AppError } from '../../../server/shared/errors';

describe('detectEncoding', () => {
  it('reads the byte-order mark, or NUL positions, and defaults to UTF-8', () => {
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x45, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x45]))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('Email', 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0x00, 0x45, 0x00, 0x6d]))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x45]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('Email,Name'))).toBe('utf-8');
  });
});

describe('resolveMapping', () => {
  it('recognizes Zoom and Teams headers case-insensitively', () => {
    const zoom = resolveMapping(
      ['Name (Original Name)', 'User Email', 'Join Time', 'Leave Time', 'Duration (Minutes)'],
      {},
    );
    expect(zoom.columns).toEqual({ email: 1, name: 0, joinTime: 2, leaveTime: 3, duration: 4 });
    const teams = resolveMapping([' FULL NAME ', 'email', 'First Join', 'Last Leave', 'Duration'], {});
    expect(teams.mapping).toEqual({
      email: 'email',
      name: 'FULL NAME',
      joinTime: 'First Join',
      leaveTime: 'Last Leave',
      duration: 'Duration',
    });
  });

  it('uses an explicit mapping and names every missing column', () => {
    expect(resolveMapping(['Адрес', 'Имя'], { email: 'адрес' }).columns.email).toBe(0);
    try {
      resolveMapping(['Name', 'Mail'], { joinTime: 'Joined' });
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('import_columns_missing');
      expect((err as AppError).params).toMatchObject({
        count: 2,
        columns: 'email, Joined',
        found: 'Name, Mail',
      });
    }
  });
});

describe('readRow', () => {
  const columns = { email: 0, name: null, joinTime: 1, leaveTime: null, duration: 2 };
  it('normalizes the address and reads times and durations', () => {
    expect(readRow(['  Ana@Example.ORG ', '2026-03-10T10:00:00Z', '42'], columns)).toEqual({
      email: 'ana@example.org',
      joinedAt: new Date('2026-03-10T10:00:00Z'),
      leftAt: null,
      minutes: 42,
    });
    expect(readRow(['x@y.z', 'soon', '1h 5m 30s'], columns)).toMatchObject({ joinedAt: null, minutes: 65.5 });
    expect(readRow(['x@y.z', '', '48m'], columns).minutes).toBe(48);
  });

  it('treats a missing or malformed address as no address', () => {
    expect(readRow(['', '', ''], columns).email).toBeNull();
    expect(readRow(['n/a'], columns).email).toBeNull();
    expect(readRow(['a b@c.d'], columns).email).toBeNull();
  });
});
