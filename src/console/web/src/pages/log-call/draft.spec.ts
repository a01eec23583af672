import { callBody, EMPTY_DRAFT, followUpBody, missingFields } from './draft';

describe('the call draft', () => {
  it('requires phone, category and description for a complaint, and phone, question and answer for an inquiry', () => {
    expect(missingFields(EMPTY_DRAFT)).toEqual(['phone', 'categoryCode', 'description']);
    expect(missingFields({ ...EMPTY_DRAFT, kind: 'inquiry', phone: '138', description: '  ' })).toEqual(['description', 'answer']);
    expect(missingFields({ ...EMPTY_DRAFT, phone: '138', categoryCode: 'a.b', description: 'x' })).toEqual([]);
  });

  it('leaves blank optional fields out of the request and trims the rest', () => {
    const d = { ...EMPTY_DRAFT, phone: ' 138 0013 8000 ', categoryCode: 'env.noise', description: ' loud ', district: '  ', address: ' 1 Road ', answer: 'ignored' };
    expect(callBody(d)).toEqual({ callerPhone: '138 0013 8000', callerName: undefined, description: 'loud', kind: 'complaint', categoryCode: 'env.noise', address: '1 Road', district: undefined, priority: 'normal' });
    expect(callBody({ ...d, kind: 'inquiry', categoryCode: null })).toEqual({ callerPhone: '138 0013 8000', callerName: undefined, description: 'loud', kind: 'inquiry', answer: 'ignored', categoryCode: undefined });
  });

  it('sends a follow-up with the ticket number and what was said, if anything', () => {
    expect(followUpBody({ ...EMPTY_DRAFT, phone: '138' }, 'T261122-00427')).toEqual({ callerPhone: '138', callerName: undefined, kind: 'follow_up', ticketNumber: 'T261122-00427', description: undefined });
  });
});
