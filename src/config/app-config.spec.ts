import { ConfigError, loadConfig } from './app-config.js';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
};

describe('SMS configuration', () => {
  it('uses the sandbox when no Twilio account is configured', () => {
    const c = loadConfig({});
    expect(c.sms).toMatchObject({ transport: 'sandbox', defaultLocale: 'zh-CN', hotlineName: '12345', ratingWaitMinutes: 2880 });
    expect(c.sms.ratingOptions.map((o) => o.score)).toEqual([1, 2, 3]);
  });

  it('sends through Twilio with account, token and a sender', () => {
    const c = loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret', TWILIO_FROM: '+8610123450000', PUBLIC_BASE_URL: 'https://hotline.example.gov/' });
    expect(c.sms).toMatchObject({ transport: 'twilio', accountSid: SID, from: '+8610123450000', publicBaseUrl: 'https://hotline.example.gov' });
  });

  it('verifies inbound signatures with a token alone, sending outbound to the sandbox', () => {
    const c = loadConfig({ TWILIO_AUTH_TOKEN: 'secret' });
    expect(c.sms).toMatchObject({ transport: 'sandbox', authToken: 'secret' });
  });

  it('names what is missing or malformed', () => {
    expect(problems({ TWILIO_ACCOUNT_SID: SID })).toMatch(/TWILIO_AUTH_TOKEN is required/);
    expect(problems({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x' })).toMatch(/TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
    expect(problems({ TWILIO_ACCOUNT_SID: 'AC123' })).toMatch(/TWILIO_ACCOUNT_SID must be/);
    expect(problems({ TWILIO_MESSAGING_SERVICE_SID: 'MG1' })).toMatch(/TWILIO_MESSAGING_SERVICE_SID must be/);
    expect(problems({ PUBLIC_BASE_URL: 'ftp://x' })).toMatch(/PUBLIC_BASE_URL must use/);
    expect(problems({ SMS_DEFAULT_LOCALE: 'fr' })).toMatch(/SMS_DEFAULT_LOCALE/);
    expect(problems({ RATING_WAIT_MINUTES: '0' })).toMatch(/RATING_WAIT_MINUTES/);
  });

  it('takes another rating scale as JSON, and refuses one nobody could be unsatisfied on', () => {
    const five = [5, 4, 3, 2, 1].map((score) => ({ score, satisfied: score >= 3, labels: { 'zh-CN': `${score}星`, en: `${score} stars` } }));
    expect(loadConfig({ RATING_OPTIONS: JSON.stringify(five) }).sms.ratingOptions).toHaveLength(5);
    expect(problems({ RATING_OPTIONS: JSON.stringify(five.map((o) => ({ ...o, satisfied: true }))) })).toMatch(/RATING_OPTIONS/);
    expect(problems({ RATING_OPTIONS: '[{"score":1}]' })).toMatch(/RATING_OPTIONS/);
    expect(problems({ RATING_OPTIONS: 'not json' })).toMatch(/RATING_OPTIONS/);
    expect(problems({ RATING_OPTIONS: JSON.stringify([five[0], five[0]]) })).toMatch(/RATING_OPTIONS/);
  });
});

describe('Open311 configuration', () => {
  it('serves any jurisdiction, and publishes only what was filed through Open311, unless told otherwise', () => {
    const { open311 } = loadConfig({});
    expect(open311).toMatchObject({ jurisdictionId: undefined, publicChannels: ['open311'], defaultRateLimitPerMinute: 60 });
    expect(open311.contact).toBeTruthy();
  });

  it('reads the jurisdiction, the published channels and the rate, and refuses a rate that is not a positive integer', () => {
    const { open311 } = loadConfig({ OPEN311_JURISDICTION_ID: ' city.gov ', OPEN311_PUBLIC_CHANNELS: 'open311, phone', OPEN311_RATE_LIMIT: '10' });
    expect(open311).toMatchObject({ jurisdictionId: 'city.gov', publicChannels: ['open311', 'phone'], defaultRateLimitPerMinute: 10 });
    expect(problems({ OPEN311_RATE_LIMIT: '0' })).toMatch(/OPEN311_RATE_LIMIT/);
    expect(problems({ OPEN311_RATE_LIMIT: 'lots' })).toMatch(/OPEN311_RATE_LIMIT/);
    expect(problems({ OPEN311_PUBLIC_CHANNELS: "phone,x' OR '1" })).toMatch(/OPEN311_PUBLIC_CHANNELS/);
  });
});
