import { fromProviderStatus, rankOf } from './sms-status.js';

describe('SMS status order', () => {
  it('reads Twilio statuses in our terms: Twilio holding the message is "accepted", not our unsent "queued"', () => {
    expect(fromProviderStatus('queued')).toBe('accepted');
    expect(fromProviderStatus('sending')).toBe('accepted');
    expect(fromProviderStatus('SENT')).toBe('sent');
    expect(fromProviderStatus('delivered')).toBe('delivered');
    expect(fromProviderStatus('undelivered')).toBe('undelivered');
    expect(fromProviderStatus('nonsense')).toBe('accepted');
    expect(fromProviderStatus(undefined)).toBe('accepted');
  });

  it('ranks a delivery report above "sent", so a late "sent" cannot undo "delivered"', () => {
    expect(rankOf('delivered')).toBeGreaterThan(rankOf('sent'));
    expect(rankOf('sent')).toBeGreaterThan(rankOf('accepted'));
    expect(rankOf('accepted')).toBeGreaterThan(rankOf('sending'));
    expect(rankOf('failed')).toBe(rankOf('delivered'));
    expect(rankOf('read')).toBeGreaterThan(rankOf('delivered'));
  });
});
