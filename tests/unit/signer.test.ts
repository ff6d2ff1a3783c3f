/** Check-in codes and dev tokens: only the full signature is accepted, compared in constant time. */
import { CHECKIN_SIGNATURE_LENGTH, hmacSigner } from '../../cloudfunctions/core/deps';
import { ADMIN, codeOf, givenScenario } from '../services/scenario';

describe('signature verification', () => {
  const signer = hmacSigner('test-secret');
  const sig = signer.sign('bk_123', CHECKIN_SIGNATURE_LENGTH);

  it('accepts the full signature only', () => {
    expect(signer.verify('bk_123', sig, CHECKIN_SIGNATURE_LENGTH)).toBe(true);
    for (let n = 1; n < sig.length; n++) expect(signer.verify('bk_123', sig.slice(0, n), CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    expect(signer.verify('bk_123', `${sig}x`, CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    expect(signer.verify('bk_123', signer.sign('bk_123', 10), CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    expect(signer.verify('bk_124', sig, CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    expect(signer.verify('bk_123', flipped, CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    expect(signer.verify('bk_123', '', CHECKIN_SIGNATURE_LENGTH)).toBe(false);
    expect(signer.verify('bk_123', '签名签名签名签名', CHECKIN_SIGNATURE_LENGTH)).toBe(false);
  });

  it('a check-in code cut short is INVALID_CODE', async () => {
    const s = await givenScenario('2027-03-01T08:00:00+08:00');
    const session = await s.givenSession({ date: '2027-03-01', start: '09:00', end: '11:00' });
    const fam = await s.givenChild();
    const { booking } = await s.book(fam, session.id);
    s.setNow('2027-03-01T08:45:00+08:00');
    const short = booking.checkinCode.slice(0, booking.checkinCode.length - 2);
    expect(await codeOf(s.services.checkin.checkIn(ADMIN, { code: short }))).toBe('INVALID_CODE');
    expect((await s.services.checkin.checkIn(ADMIN, { code: booking.checkinCode })).booking.status).toBe('checked_in');
  });
});
